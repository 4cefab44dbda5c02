#!/usr/bin/env bash
# Client certificates through the gateway: plans demands mutual TLS; the gateway serves HTTPS
# with a client CA and calls plans with its own certificate (orgs/svc-gateway). curl presents an
# operator's or an agency's certificate, another CA's, or none, and plans judges the caller the
# certificate (or else the token) names, as if it had been called directly.
# Usage: gateway_mtls_test.sh ROOT PLANS GATEWAY SVCUP
set -euo pipefail
root=$1
plans_binary=$2
gateway_binary=$3
svcup=$4
source "$root/scripts/common.sh"
d=$(mktemp -d)
pids=()
trap '((${#pids[@]} == 0)) || kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$d"' EXIT
svcup_write_keys "$svcup" "$d"

ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${ec[@]}" -days 1 -subj /CN=svcup-test-ca -keyout "$d/ca.key" \
  -out "$d/ca.crt" 2>/dev/null
# issue NAME SAN: a key and a certificate the test CA signs.
issue() {
  echo "subjectAltName=$2" >"$d/$1.ext"
  openssl req "${ec[@]}" -subj "/CN=$1" -keyout "$d/$1.key" -out "$d/$1.csr" 2>/dev/null
  openssl x509 -req -in "$d/$1.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 1 \
    -extfile "$d/$1.ext" -out "$d/$1.crt" 2>/dev/null
  chmod 600 "$d/$1.key"
}
domain=spiffe://svcup.moj.gov.tw
issue server IP:127.0.0.1
issue gateway "URI:$domain/orgs/svc-gateway/roles/service/subjects/gateway"
issue operator "URI:$domain/orgs/moj/roles/operator/subjects/ops"
issue staff "URI:$domain/orgs/dpo-taipei/roles/agency-staff/subjects/chen"
issue nobody DNS:client.example
openssl req -x509 "${ec[@]}" -days 1 -subj /CN=stranger -keyout "$d/stranger.key" \
  -out "$d/stranger.crt" 2>/dev/null  # another CA's

svcup_start_service plans "$plans_binary" "$d" --listen=127.0.0.1:0 --metrics_listen=off \
  --tls_cert_file="$d/server.crt" --tls_key_file="$d/server.key" --tls_client_ca_file="$d/ca.crt"
pids+=("$svcup_pid")
plans=$svcup_addr
svcup_start_gateway "$gateway_binary" "$d" --listen=127.0.0.1:0 --metrics_listen=off \
  --https_cert_file="$d/server.crt" --https_key_file="$d/server.key" \
  --https_client_ca_file="$d/ca.crt" --tls_peer_ca_file="$d/ca.crt" \
  --tls_cert_file="$d/gateway.crt" --tls_key_file="$d/gateway.key" \
  --plans_addr="$plans" --reports_addr="$plans" --reviews_addr="$plans"
pids+=("$svcup_pid")
api=${svcup_url/http:/https:}
operator_token=$("$svcup" token mint --signing_key_file="$d/issuer.key" --org=moj --role=operator \
  --subject=ops --ttl=1h)
staff_token=$("$svcup" token mint --signing_key_file="$d/issuer.key" --org=dpo-taipei \
  --role=agency-staff --subject=chen --ttl=1h)

# expect STATUS CERTIFICATE TOKEN: ListAuditRecords through the gateway as the holder of
# CERTIFICATE ("" for none) with TOKEN ("" for none) answers STATUS.
expect() {
  local options=(--cacert "$d/ca.crt")
  [[ -z "$2" ]] || options+=(--cert "$d/$2.crt" --key "$d/$2.key")
  [[ -z "$3" ]] || options+=(-H "Authorization: Bearer $3")
  local status
  status=$(curl -sS -o "$d/answer" -w '%{http_code}' --max-time 20 "${options[@]}" \
    -H 'Content-Type: application/json' -d '{}' "$api/svcup.v1.PlanRegistry/ListAuditRecords")
  if [[ "$status" != "$1" ]]; then
    echo "FAIL: certificate '$2', token ${3:+yes}: $status, expected $1: $(head -c 300 "$d/answer")" >&2
    exit 1
  fi
}
expect 200 operator ""                  # the certificate names an operator: the trail is theirs
expect 200 operator "$operator_token"   # a token naming the same holder
expect 401 operator "$staff_token"      # a token naming someone else
expect 403 staff ""                     # an agency may not read the trail
expect 401 nobody ""                    # a certificate naming no caller
expect 401 stranger ""                  # another CA's certificate
expect 401 "" ""                        # the public: credentials required
expect 200 "" "$operator_token"         # no certificate: the token decides
echo "PASS: client certificates through the gateway"
