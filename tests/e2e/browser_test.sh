#!/usr/bin/env bash
# The portal and the dashboard in a real browser: the four binaries on free ports (clock at
# 2018-07-20), then browser_test.py drives Debian's Chromium through chromedriver (Selenium).
# Screenshots of each page go to SCREENSHOT_DIR.
# Usage: browser_test.sh ROOT PLANS REPORTS REVIEWS GATEWAY SVCUP SCREENSHOT_DIR
set -euo pipefail
root="$1"
declare -A binary=([plans]="$2" [reports]="$3" [reviews]="$4")
gateway_binary="$5"
svcup="$6"
screenshots="$7"
source "$root/tests/e2e/suite_harness.sh"
e2e_start_suite 2018-07-20T09:00:00+08:00
e2e_start_gateway "$gateway_binary"

mkdir -p "$data/tokens" "$screenshots"
for who in "dpo-hsinchu agency-staff" "dpo-hsinchu agency-head" "dpo-shilin agency-staff" \
  "dpo-taipei agency-staff" "high-prosecutors supervisor-reviewer" "moj ministry-officer"; do
  read -r org role <<<"$who"
  "$svcup" token mint --signing_key_file="$data/issuer.key" --org="$org" --role="$role" \
    --subject="$org-$role" --ttl=1h >"$data/tokens/$org-$role"
done
SVCUP_URL=$api SVCUP_TOKENS="$data/tokens" SVCUP_SCREENSHOTS="$screenshots" \
  timeout 240 /usr/bin/python3 "$root/tests/e2e/browser_test.py"
