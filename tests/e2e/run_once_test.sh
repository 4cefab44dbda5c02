#!/usr/bin/env bash
# Runs scripts/run --once against the binaries of this build, on free ports and a temporary data
# folder, and checks the demo's outcomes.
set -euo pipefail
root="$1"
build="$2"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
output=$(SVCUP_BUILD_DIR="$build" SVCUP_SKIP_BUILD=1 SVCUP_DATA_DIR="$data" \
  SVCUP_PLANS_PORT=0 SVCUP_PLANS_METRICS_PORT=0 timeout 240 "$root/scripts/run" --once 2>&1) || {
  echo "$output"
  echo "scripts/run --once failed"
  exit 1
}
expect() {
  grep -qF -- "$1" <<<"$output" || { echo "$output"; echo "missing from the demo output: $1"; exit 1; }
}
expect "the hierarchy: 88 organisations"
expect "orgs/dpo-kinmen -> orgs/moj   (reports to the ministry directly)"
expect "measures: 22"
expect "published orgs/dpo-taipei/executionPlans/2018 (published"
expect "PERMISSION_DENIED: orgs/prison-taipei (ROLE_AGENCY_STAFF) may not approve"
expect "published orgs/prison-taipei/executionPlans/2018 (published"
expect "LATE by 3 days"
expect "4 execution plans"
expect "== --once: stopping"
grep -q "orgs/prison-taipei,法務部矯正署臺北監獄" "$data/execution-plans-2018.csv" || {
  echo "the CSV export lacks the prison's row"; exit 1; }
echo "scripts/run --once: demo complete"
