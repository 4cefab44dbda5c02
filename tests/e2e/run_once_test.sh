#!/usr/bin/env bash
# Runs scripts/run --once against the binaries of this build, on free ports and a temporary data
# folder, and checks the demo's outcomes. A third argument (--postgres) runs it on a throwaway
# PostgreSQL cluster: the same outcomes are expected.
set -euo pipefail
root="$1"
build="$2"
shift 2
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
log="$build/run_once${1:-}.log"
# Bounded below ctest's timeout so that a hang prints where the demo stopped.
if ! SVCUP_BUILD_DIR="$build" SVCUP_SKIP_BUILD=1 SVCUP_DATA_DIR="$data" \
  SVCUP_PLANS_PORT=0 SVCUP_PLANS_METRICS_PORT=0 SVCUP_REPORTS_PORT=0 SVCUP_REPORTS_METRICS_PORT=0 \
  SVCUP_REVIEWS_PORT=0 SVCUP_REVIEWS_METRICS_PORT=0 SVCUP_GATEWAY_PORT=0 \
  SVCUP_GATEWAY_METRICS_PORT=0 timeout 240 "$root/scripts/run" --once "$@" >"$log" 2>&1; then
  cat "$log"
  echo "scripts/run --once failed or timed out; the services' logs end with:"
  tail -n 5 "$data"/*.log 2>/dev/null || true
  exit 1
fi
output=$(cat "$log")
expect() {
  grep -qF -- "$1" <<<"$output" || { echo "$output"; echo "missing from the demo output: $1"; exit 1; }
}
expect "gateway  JSON over HTTP http://127.0.0.1:"
expect "dashboard http://127.0.0.1:"
expect "the hierarchy: 84 reporting agencies under 3 supervisors and the ministry"
expect "orgs/dpo-kinmen -> orgs/moj   (reports to the ministry directly)"
expect "measures: 22"
expect "81 execution plans published on time"
expect "PERMISSION_DENIED: orgs/prison-taipei (ROLE_AGENCY_STAFF) may not approve"
expect "reminder to orgs/aeb-hualien for 2018-03-17: 14 days before the due date"
expect "reminder to orgs/aeb-hualien for 2018-04-01: 1 day after the due date"
expect "orgs/prison-taipei/executionPlans/2018            published  3 days late"
expect "orgs/high-prosecutors 2018-1: 19 on time, 0 late, 0 missing, 1 not yet due, of 20"
expect "submitted orgs/dpo-lienchiang/reports/2018-1/revisions/1 to orgs/moj, LATE by 2 days"
expect "returned orgs/dpo-taipei/reports/2018-1/revisions/1 (fair)"
expect "submitted orgs/dpo-taipei/reports/2018-1/revisions/2 to orgs/high-prosecutors"
expect "82 reports reviewed and accepted"
expect "(refused until orgs/dpo-penghu is reviewed or listed missing with a reason)"
expect "forwarded orgs/corrections/packages/2018-1/versions/1  forwarded  48 reports, 1 missing"
expect "orgs/dpo-kinmen/reports/2018-1/revisions/1  direct report"
expect "ESCALATION to orgs/high-prosecutors for 2018-08-05: owed more than 3 days past the due date"
expect "    progress-report orgs/dpo-penghu/reports/2018-1 due 2018-07-31, 5 days overdue"
expect "whole tree 2018-1: 79 on time, 3 late, 2 missing, 0 not yet due, of 84"
expect "orgs/prison-taipei/inspections/1/deficiencies/1  closed"
expect "(resubmitting without answering the reasons is refused)"
expect "answered 2 of 2 reasons of orgs/dpo-taipei/reports/2018-1"
expect "  measure 2.3 modified: 民眾滿意度 90.5% -> 92.3%"
expect "81 drafts: 81 submitted (0 late), 0 unchanged, 0 refused"
expect "81 drafts: 0 submitted (0 late), 81 unchanged, 0 refused"
expect "drafted orgs/dpo-hsinchu/reports/2018-2 (draft, to orgs/high-prosecutors, due 2019-01-20)"
expect "(measure 2.3 受訪人數): 380 is below 400 in orgs/dpo-hsinchu/reports/2018-1/revisions/1"
expect "submitted orgs/dpo-hsinchu/reports/2018-2/revisions/1 to orgs/high-prosecutors, on time"
expect "  measure 2.3 modified: 受訪人數 400人 -> 380人"
expect "  closed 2018-09-30"
expect "refused: FAILED_PRECONDITION: orgs/sti-yanwan closed on 2018-09-30, before period 2 ends"
expect "orgs/corrections 2018-2: 47 on time, 0 late, 0 missing, 1 not yet due, of 48 (97.9% submitted)"
expect "83 reports reviewed and accepted"
expect "whole tree 2018-2: 82 on time, 1 late, 0 missing, 0 not yet due, of 83"
expect "叫號系統時有故障"
expect "RANK  SCORE"
expect "orgs/moj               民眾滿意度  2018  83        86.7687  41    94.9"
expect "orgs/dtc-taitung              民眾滿意度  2018  41%                   -7.03  |z| 7.03 > 3"
expect "wrote $data/documents/satisfaction-107.csv"
expect "froze evaluations/2018/versions/1: 84 agencies, inputs sha256:"
expect "  ranking recomputed from the inputs: identical"
expect "wrote $data/documents/attachment2-dpo-taipei-107-1.html"
expect "== --once: stopping"
if [[ "${1:-}" == --postgres ]]; then expect "== storage: PostgreSQL"; fi
if grep -q "did not stop within" <<<"$output"; then
  grep "did not stop within" <<<"$output"
  tail -n 30 "$data"/*.log
  echo "a service did not stop on SIGTERM"
  exit 1
fi
if grep -q "^error:" <<<"$output"; then
  grep "^error:" <<<"$output" | grep -v "PERMISSION_DENIED: orgs/prison-taipei (ROLE_AGENCY_STAFF)" \
    && { echo "unexpected errors in the demo"; exit 1; }
fi
grep -q "orgs/prison-taipei,法務部矯正署臺北監獄" "$data/documents/execution-plans-107.csv" || {
  echo "the CSV export lacks the prison's row"; exit 1; }
grep -q "&lt;\|民眾滿意度 92.3%" "$data/documents/attachment1-dpo-taipei-107-1.html" || {
  echo "Attachment 1 lacks the revised figure"; exit 1; }
echo "scripts/run --once: demo complete"
