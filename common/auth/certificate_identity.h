// Identity from mutual TLS: a client certificate names its holder in a URI subject alternative
// name, SPIFFE style:
//   spiffe://<trust domain>/orgs/<organisation code>/roles/<role>/subjects/<subject>
//   e.g. spiffe://svcup.moj.gov.tw/orgs/dpo-taipei/roles/agency-staff/subjects/chen
// (<role> as in `svcup token mint --role`: agency-staff, agency-head, supervisor-reviewer,
// ministry-officer, service, operator). The certificate authority the server trusts
// (--tls_client_ca_file) vouches for it, as a key in the key set vouches for a bearer token.
#ifndef SVCUP_COMMON_AUTH_CERTIFICATE_IDENTITY_H_
#define SVCUP_COMMON_AUTH_CERTIFICATE_IDENTITY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "svcup/v1/common.pb.h"

namespace svcup {

// The trust domain of the suite's certificates unless configured otherwise.
inline constexpr char kDefaultTrustDomain[] = "svcup.moj.gov.tw";

// The identity URI of `principal` in `trust_domain`.
std::string IdentityUri(absl::string_view trust_domain, const v1::Principal& principal);

// The principal named by the peer's URI SANs: nullopt when none is a spiffe:// URI of
// `trust_domain`; UNAUTHENTICATED, naming the URI and the rule, when one is malformed or the
// certificate names more than one identity.
absl::StatusOr<std::optional<v1::Principal>> PrincipalFromPeerUris(
    const std::vector<std::string>& uris, absl::string_view trust_domain);

}  // namespace svcup

#endif  // SVCUP_COMMON_AUTH_CERTIFICATE_IDENTITY_H_
