# Sourced by the end-to-end scripts: a temporary data folder ($data) with the token keys, and
# e2e_start_suite CLOCK_START, which starts plans, reports and reviews from it on free ports with
# their clock at CLOCK_START and fills addr[plans|reports|reviews] (e2e_start_gateway puts the
# HTTP gateway in front). Everything started is stopped,
# and the folder removed, at exit. Needs $root (the checkout), binary[plans|reports|reviews] and
# $svcup (the svcup tool) set first.
source "$root/scripts/common.sh"
data=$(mktemp -d)
pids=()
e2e_cleanup() {
  ((${#pids[@]} == 0)) || kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$data"
}
trap e2e_cleanup EXIT
svcup_write_keys "$svcup" "$data"

declare -A addr
# e2e_start NAME CLOCK_START [flags...]: one service on a free port.
e2e_start() {
  local name=$1 clock=$2
  shift 2
  svcup_start_service "$name" "${binary[$name]}" "$data" --listen=127.0.0.1:0 \
    --metrics_listen=off --drain_timeout=1s --clock_start="$clock" "$@"
  pids+=("$svcup_pid")
  addr[$name]=$svcup_addr
}

e2e_start_suite() {
  e2e_start plans "$1"
  e2e_start reports "$1" --plans_addr="${addr[plans]}"
  e2e_start reviews "$1" --plans_addr="${addr[plans]}" --reports_addr="${addr[reports]}"
}

# e2e_start_gateway BINARY: the HTTP gateway in front of the suite, on free ports; sets api.
e2e_start_gateway() {
  svcup_start_gateway "$1" "$data" --listen=127.0.0.1:0 --metrics_listen=127.0.0.1:0 \
    --plans_addr="${addr[plans]}" --reports_addr="${addr[reports]}" \
    --reviews_addr="${addr[reviews]}"
  pids+=("$svcup_pid")
  api=$svcup_url
}
