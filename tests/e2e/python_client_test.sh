#!/usr/bin/env bash
# Runs the Python examples against the real binaries on free ports and a temporary data folder:
# the contracts work from another language.
#   examples/python/plans_client.py    hierarchy, plan, an execution plan drafted and published
#   examples/python/report_review.py   an agency's submission and its supervisor's review
# The tokens are signed in Python (python3-cryptography): the services verify another issuer's
# JWTs. Usage: python_client_test.sh ROOT PLANS_BINARY REPORTS_BINARY REVIEWS_BINARY SVCUP
set -euo pipefail
root="$1"
source "$root/scripts/common.sh"
declare -A binary=([plans]="$2" [reports]="$3" [reviews]="$4")
svcup="$5"
data=$(mktemp -d)
pids=()
cleanup() {
  ((${#pids[@]} == 0)) || kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
"$svcup" token keygen --signing_key_file="$data/issuer.key" --jwks_file="$data/jwks.json" >/dev/null
for caller in reports reviews; do
  "$svcup" token keygen --service="$caller" --signing_key_file="$data/$caller.key" \
    --jwks_file="$data/jwks.json" >/dev/null
done

# start NAME FLAGS...: starts a service on a free port; sets addr[NAME].
declare -A addr
start() {
  local name=$1
  shift
  svcup_start_service "$name" "${binary[$name]}" "$data" --listen=127.0.0.1:0 \
    --metrics_listen=off --drain_timeout=1s --clock_start=2018-07-20T09:00:00+08:00 "$@"
  pids+=("$svcup_pid")
  addr[$name]=$svcup_addr
}
start plans
start reports --plans_addr="${addr[plans]}"
start reviews --plans_addr="${addr[plans]}" --reports_addr="${addr[reports]}"

timeout 120 /usr/bin/python3 "$root/examples/python/plans_client.py" \
  --addr "${addr[plans]}" --signing_key_file "$data/issuer.key" --org dpo-hsinchu
timeout 120 /usr/bin/python3 "$root/examples/python/report_review.py" \
  --reports_addr "${addr[reports]}" --reviews_addr "${addr[reviews]}" \
  --signing_key_file "$data/issuer.key" --org dpo-hsinchu --supervisor high-prosecutors
