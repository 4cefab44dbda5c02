#!/usr/bin/env bash
# Runs the Python examples against the real binaries on free ports and a temporary data folder:
# the contracts work from another language.
#   examples/python/plans_client.py    hierarchy, plan, an execution plan drafted and published
#   examples/python/report_review.py   an agency's submission and its supervisor's review
# The tokens are signed in Python (python3-cryptography): the services verify another issuer's
# JWTs. Usage: python_client_test.sh ROOT PLANS_BINARY REPORTS_BINARY REVIEWS_BINARY SVCUP
set -euo pipefail
root="$1"
declare -A binary=([plans]="$2" [reports]="$3" [reviews]="$4")
svcup="$5"
source "$root/tests/e2e/suite_harness.sh"
e2e_start_suite 2018-07-20T09:00:00+08:00

timeout 120 /usr/bin/python3 "$root/examples/python/plans_client.py" \
  --addr "${addr[plans]}" --signing_key_file "$data/issuer.key" --org dpo-hsinchu
timeout 120 /usr/bin/python3 "$root/examples/python/report_review.py" \
  --reports_addr "${addr[reports]}" --reviews_addr "${addr[reviews]}" \
  --signing_key_file "$data/issuer.key" --org dpo-hsinchu --supervisor high-prosecutors
