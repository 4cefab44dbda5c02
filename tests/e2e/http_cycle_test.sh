#!/usr/bin/env bash
# The reporting cycle over HTTP only: the real binaries and the gateway on free ports, and curl
# as the only client (the README's curl examples are these calls). An agency drafts, has its head
# approve and publishes its execution plan, which the public then reads without credentials; it
# drafts and submits its period-1 report while its supervisor watches the event stream; the
# supervisor reads completeness, accepts the report and forwards its package; the ministry
# acknowledges it and ranks the year; another agency is refused the report.
# Usage: http_cycle_test.sh ROOT PLANS REPORTS REVIEWS GATEWAY SVCUP
set -euo pipefail
root="$1"
declare -A binary=([plans]="$2" [reports]="$3" [reviews]="$4")
gateway_binary="$5"
svcup="$6"
source "$root/tests/e2e/suite_harness.sh"
e2e_start_suite 2018-07-20T09:00:00+08:00
e2e_start_gateway "$gateway_binary"

token() {
  "$svcup" token mint --signing_key_file="$data/issuer.key" --org="$1" --role="$2" \
    --subject="$1-$2" --ttl=1h
}
staff=$(token dpo-hsinchu agency-staff)
head=$(token dpo-hsinchu agency-head)
reviewer=$(token high-prosecutors supervisor-reviewer)
officer=$(token moj ministry-officer)
outsider=$(token dpo-shilin agency-staff)

# call EXPECTED_STATUS TOKEN RPC JSON: POSTs JSON to the RPC; prints the answer; fails (showing
# it) when the HTTP status is not EXPECTED_STATUS. TOKEN "" calls as the public.
call() {
  local expected=$1 token=$2 rpc=$3 json=$4 status
  local auth=()
  [[ -z "$token" ]] || auth=(-H "Authorization: Bearer $token")
  status=$(curl -sS -o "$data/answer.json" -w '%{http_code}' --max-time 30 \
    -H 'Content-Type: application/json' "${auth[@]}" -d "$json" "$api/$rpc")
  if [[ "$status" != "$expected" ]]; then
    echo "FAIL: $rpc answered $status, expected $expected: $(head -c 600 "$data/answer.json")" >&2
    exit 1
  fi
  cat "$data/answer.json"
}
step() { echo "== $*"; }

step "the public lists the supervisory offices"
offices=$(call 200 "" svcup.v1.PlanRegistry/ListOrganisations '{"kind": "ORGANISATION_KIND_SUPERVISORY_OFFICE"}' |
  jq -r '[.organisations[].code] | sort | join(",")')
[[ "$offices" == "corrections,enforcement,high-prosecutors" ]] || { echo "FAIL: offices $offices" >&2; exit 1; }

step "the agency drafts its execution plan, its head approves, the agency publishes"
plan=orgs/dpo-hsinchu/executionPlans/2018
etag=$(call 200 "$staff" svcup.v1.PlanRegistry/CreateExecutionPlan '{
  "parent": "orgs/dpo-hsinchu", "year": 2018, "requestId": "plan-1",
  "content": {"title": "107年度服務躍升執行計畫", "basis": "法務部107年度服務躍升實施計畫",
    "goals": "落實司法為民", "targets": "本機關各單位", "implementationSteps": "一、成立工作小組。",
    "evaluation": "每半年檢討", "rewards": "依規定敘獎",
    "measures": [{"measureCode": "1.1", "title": "檢討申辦案件標準作業流程"},
                 {"measureCode": "2.3", "title": "辦理民眾滿意度調查"}],
    "priorities": [{"rank": 1, "title": "單一窗口便民服務"}]}}' | jq -r .etag)
call 403 "$staff" svcup.v1.PlanRegistry/ApproveExecutionPlan \
  "{\"name\": \"$plan\", \"etag\": \"$etag\", \"requestId\": \"approve-by-staff\"}" >/dev/null
etag=$(call 200 "$head" svcup.v1.PlanRegistry/ApproveExecutionPlan \
  "{\"name\": \"$plan\", \"etag\": \"$etag\", \"requestId\": \"approve-1\"}" | jq -r .etag)
call 200 "$staff" svcup.v1.PlanRegistry/PublishExecutionPlan "{\"name\": \"$plan\", \"etag\": \"$etag\",
  \"urls\": [\"https://www.example.gov.tw/dpo-hsinchu/107.pdf\"], \"requestId\": \"publish-1\"}" >/dev/null
published=$(call 200 "" svcup.v1.PlanRegistry/GetExecutionPlan "{\"name\": \"$plan\"}" | jq -r .state)
[[ "$published" == EXECUTION_PLAN_STATE_PUBLISHED ]] || { echo "FAIL: plan state $published" >&2; exit 1; }

step "the supervisor watches its events while the agency drafts and submits its report"
events="$data/events.txt"
curl -sS -N --max-time 20 -H "Authorization: Bearer $reviewer" \
  "$api/svcup.v1.ProgressReports/WatchReportEvents?message=%7B%22recipient%22%3A%22orgs%2Fhigh-prosecutors%22%7D" \
  >"$events" 2>/dev/null &
watcher=$!
report=orgs/dpo-hsinchu/reports/2018-1
etag=$(call 200 "$staff" svcup.v1.ProgressReports/CreateReport '{
  "parent": "orgs/dpo-hsinchu", "year": 2018, "period": 1, "requestId": "report-1",
  "content": {"asOfDate": {"year": 2018, "month": 6, "day": 30}, "summary": "本期依執行計畫推動",
    "measureResults": [
      {"measureCode": "1.1", "actionsTaken": "修訂標準作業流程", "results": "處理時間縮短",
       "indicators": [{"name": "平均處理天數", "value": 4.2, "unit": "日"}]},
      {"measureCode": "2.3", "actionsTaken": "辦理滿意度調查", "results": "滿意度提升",
       "indicators": [{"name": "民眾滿意度", "value": 91.5, "unit": "%"}]}],
    "meetings": [{"date": {"year": 2018, "month": 3, "day": 15}, "participants": ["機關首長"],
                  "decisions": "檢討第一季服務成效"}]}}' | jq -r .etag)
revision=$(call 200 "$staff" svcup.v1.ProgressReports/SubmitReport \
  "{\"name\": \"$report\", \"etag\": \"$etag\", \"requestId\": \"submit-1\"}")
revision_name=$(jq -r .name <<<"$revision")
digest=$(jq -r .contentDigest <<<"$revision")
for _ in $(seq 100); do grep -q "^data: .*$report" "$events" && break; sleep 0.1; done
grep -q "^data: .*REPORT_EVENT_TYPE_SUBMITTED" "$events" || { echo "FAIL: no event: $(cat "$events")" >&2; exit 1; }
grep -q "^id: [0-9]" "$events" || { echo "FAIL: events carry no id" >&2; exit 1; }
kill "$watcher" 2>/dev/null || true
call 403 "$outsider" svcup.v1.ProgressReports/GetReport "{\"name\": \"$report\"}" >/dev/null

step "the supervisor reads completeness, accepts the report and forwards its package"
submitted=$(call 200 "$reviewer" svcup.v1.ProgressReports/GetCompleteness \
  '{"recipient": "orgs/high-prosecutors", "year": 2018, "period": 1}' |
  jq -r '[.agencies[] | select(.organisation == "orgs/dpo-hsinchu")][0].status')
[[ "$submitted" == COMPLETENESS_STATUS_ON_TIME ]] || { echo "FAIL: completeness $submitted" >&2; exit 1; }
call 200 "$reviewer" svcup.v1.Reviews/CreateReview "{\"revision\": \"$revision_name\",
  \"contentDigest\": \"$digest\", \"overallOpinion\": \"辦理情形良好\", \"rating\": \"RATING_GOOD\",
  \"decision\": \"REVIEW_DECISION_ACCEPT\", \"requestId\": \"review-1\",
  \"measureOpinions\": [{\"measureCode\": \"2.3\", \"opinion\": \"調查方法妥適\"}]}" >/dev/null
missing=$(call 200 "$reviewer" svcup.v1.PlanRegistry/ListSubordinates \
  '{"name": "orgs/high-prosecutors", "pageSize": 1000}' |
  jq -c '[.organisations[] | select(.code != "dpo-hsinchu") | {organisation: .name, reason: "未於期限前提報"}]')
package=$(call 200 "$reviewer" svcup.v1.Reviews/ForwardPackage "{\"supervisor\": \"orgs/high-prosecutors\",
  \"year\": 2018, \"period\": 1, \"missing\": $missing, \"requestId\": \"forward-1\"}")

step "the ministry acknowledges the package and ranks the year"
call 200 "$officer" svcup.v1.Reviews/GetMinistryInbox '{"year": 2018, "period": 1}' |
  jq -e --arg name "$(jq -r .name <<<"$package")" '[.packages[].name] | index($name) != null' >/dev/null
call 200 "$officer" svcup.v1.Reviews/AcknowledgePackage "{\"name\": $(jq .name <<<"$package"),
  \"etag\": $(jq .etag <<<"$package"), \"requestId\": \"ack-1\"}" >/dev/null
call 200 "$officer" svcup.v1.Reviews/RankEvaluations '{"year": 2018}' |
  jq -e '[.scores[].organisation] | index("orgs/dpo-hsinchu") != null' >/dev/null
call 403 "$staff" svcup.v1.Reviews/RankEvaluations '{"year": 2018}' >/dev/null

step "the gateway's /metrics counts what it answered, and promtool finds it clean"
metrics=$(curl -sS "http://127.0.0.1:$(sed -n "s/^metrics=//p" "$data/gateway.ports")/metrics")
grep -qx 'svcup_http_requests_total{route="/svcup.v1.ProgressReports/SubmitReport",status="200"} 1' \
  <<<"$metrics" || { echo "FAIL: SubmitReport not counted once: $(grep svcup_http_requests <<<"$metrics" | head -5)" >&2; exit 1; }
grep -qx 'svcup_http_requests_total{route="/svcup.v1.PlanRegistry/ApproveExecutionPlan",status="403"} 1' \
  <<<"$metrics" || { echo "FAIL: the refused approval not counted" >&2; exit 1; }
grep -q '^grpc_client_handled_total{.*grpc_method="SubmitReport".*} 1$' <<<"$metrics" ||
  { echo "FAIL: the call to reports not counted" >&2; exit 1; }
promtool check metrics <<<"$metrics" || { echo "$metrics" | grep svcup_http | head >&2; exit 1; }
echo "PASS: the cycle over HTTP"
