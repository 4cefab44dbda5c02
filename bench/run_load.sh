#!/usr/bin/env bash
# Starts the real plans and reports binaries on free loopback ports with a temporary data folder
# (their access logs go to files there, as in production) and runs the load generator against
# them. Usage: bench/run_load.sh BUILD_DIR [--postgres] [load_generator flags, e.g.
# --concurrency=1,8,32]; --postgres runs the reports service on a throwaway PostgreSQL cluster.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
build="$1"
shift
storage=()
pg_dir=""
if [[ "${1:-}" == --postgres ]]; then
  shift
  pg_dir=$(mktemp -d /tmp/svcup-bench-pg-XXXXXX)
  storage=(--database_url="$("$SVCUP_ROOT/scripts/postgres" start "$pg_dir")")
fi
data=$(mktemp -d)
pids=()
cleanup() {
  ((${#pids[@]} == 0)) || kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$data"
  if [[ -n "$pg_dir" ]]; then "$SVCUP_ROOT/scripts/postgres" stop "$pg_dir"; fi
}
trap cleanup EXIT
"$build/tools/svcup" token keygen --signing_key_file="$data/issuer.key" \
  --jwks_file="$data/jwks.json" >/dev/null
"$build/tools/svcup" token keygen --service=reports --signing_key_file="$data/reports.key" \
  --jwks_file="$data/jwks.json" >/dev/null

# start NAME FLAGS...: starts a service on free ports; sets svcup_addr (scripts/common.sh).
start() {
  local name=$1
  shift
  svcup_start_service "$name" "$build/services/$name/svcup-$name" "$data" \
    --listen=127.0.0.1:0 --metrics_listen=off --clock_start=2018-07-20T09:00:00+08:00 \
    --rate_limit_per_second=0 "$@"  # the load measures the stack, not the per-caller limit
  pids+=("$svcup_pid")
}
start plans
plans=$svcup_addr
start reports --plans_addr="$plans" "${storage[@]}"
reports=$svcup_addr
backend=SQLite
[[ -z "$pg_dir" ]] || backend=PostgreSQL
echo "load on the reports service on $backend ($(nproc) cores; plans, reports and the database on this machine too)"
"$build/bench/load_generator" --plans_addr="$plans" --reports_addr="$reports" \
  --signing_key_file="$data/issuer.key" "$@"
