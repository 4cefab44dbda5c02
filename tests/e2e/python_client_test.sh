#!/usr/bin/env bash
# Runs the Python example (examples/python/plans_client.py) against the real plans binary on a
# free port and a temporary data folder: the contracts work from another language.
set -euo pipefail
root="$1"
plans_binary="$2"
data=$(mktemp -d)
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$data/token.key"
"$plans_binary" --data_dir="$data" --listen=127.0.0.1:0 --metrics_listen=off \
  --port_file="$data/ports" >"$data/plans.log" 2>&1 &
pid=$!
for _ in $(seq 1 200); do [[ -f "$data/ports" ]] && break; sleep 0.05; done
port=$(sed -n 's/^grpc=//p' "$data/ports")
[[ -n "$port" ]] || { cat "$data/plans.log"; exit 1; }
timeout 120 /usr/bin/python3 "$root/examples/python/plans_client.py" \
  --addr "127.0.0.1:$port" --key_file "$data/token.key" --org dpo-hsinchu
