#!/usr/bin/env bash
# Runs scripts/run --once against the binaries of this build, on free ports and a temporary data
# folder, and checks the demo's outcomes.
set -euo pipefail
root="$1"
build="$2"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
output=$(SVCUP_BUILD_DIR="$build" SVCUP_SKIP_BUILD=1 SVCUP_DATA_DIR="$data" \
  SVCUP_PLANS_PORT=0 SVCUP_PLANS_METRICS_PORT=0 SVCUP_REPORTS_PORT=0 SVCUP_REPORTS_METRICS_PORT=0 \
  timeout 240 "$root/scripts/run" --once 2>&1) || {
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
expect "submitted orgs/dpo-taipei/reports/2018-1/revisions/1 to orgs/high-prosecutors, on time"
expect "submitted orgs/dpo-kinmen/reports/2018-1/revisions/1 to orgs/moj, on time"
expect "submitted orgs/aeb-taipei/reports/2018-1/revisions/1 to orgs/enforcement, on time"
expect "submitted orgs/prison-taipei/reports/2018-1/revisions/1 to orgs/corrections, LATE by 2 days"
expect "0 readings stored, 3 already stored"
expect "orgs/high-prosecutors 2018-1: 1 on time, 0 late, 19 missing, 0 not yet due, of 20"
expect "1  submitted  orgs/dpo-taipei/reports/2018-1/revisions/1"
expect "orgs/moj 2018-1: 3 on time, 1 late, 80 missing, 0 not yet due, of 84"
expect "== --once: stopping"
if grep -q "^error:" <<<"$output"; then
  grep "^error:" <<<"$output" | grep -v "PERMISSION_DENIED: orgs/prison-taipei (ROLE_AGENCY_STAFF)" \
    && { echo "unexpected errors in the demo"; exit 1; }
fi
grep -q "orgs/prison-taipei,法務部矯正署臺北監獄" "$data/execution-plans-2018.csv" || {
  echo "the CSV export lacks the prison's row"; exit 1; }
echo "scripts/run --once: demo complete"
