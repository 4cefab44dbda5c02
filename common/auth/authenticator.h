// Establishes who is calling from a call's "authorization: Bearer <token>" metadata.
#ifndef SVCUP_COMMON_AUTH_AUTHENTICATOR_H_
#define SVCUP_COMMON_AUTH_AUTHENTICATOR_H_

#include <grpcpp/server_context.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/api/clock.h"
#include "common/auth/certificate_identity.h"
#include "common/auth/token.h"
#include "common/auth/trusted_keys.h"
#include "common/auth/verified_token_cache.h"
#include "svcup/v1/common.pb.h"

namespace svcup {

// Turns call metadata into a Principal.
class Authenticator {
 public:
  // Tokens are verified with `keys` under `rules` at `clock`'s time (the real time, outside
  // tests), which must outlive the authenticator; client certificates are read in
  // `trust_domain` (certificate_identity.h).
  Authenticator(std::shared_ptr<TrustedKeys> keys, const Clock& clock,
                std::string trust_domain = kDefaultTrustDomain, TokenRules rules = {})
      : keys_(std::move(keys)),
        clock_(clock),
        trust_domain_(std::move(trust_domain)),
        rules_(std::move(rules)) {}

  // The caller of a call: the identity of its verified client certificate (mutual TLS) if it
  // names one (but the gateway's, see IsRelay), else the bearer token's, else a ROLE_PUBLIC
  // principal. UNAUTHENTICATED for a
  // malformed, forged or expired token, a malformed certificate identity, or a token that names
  // someone other than the certificate. The caller is noted for the call's access-log line.
  absl::StatusOr<v1::Principal> Authenticate(const grpc::ServerContextBase& context) const;

  // The one certificate holder whose calls carry someone else's identity: the HTTP gateway
  // (services/gateway), whose client certificate names orgs/svc-gateway with the service role.
  // For its calls the identity URI of the certificate its own caller presented (in
  // kRelayedCertificateMetadata) decides who calls, else the token it passes on, else the
  // public: as if that caller had called directly. From anyone else the metadata is ignored.
  static constexpr char kRelayOrganisation[] = "orgs/svc-gateway";
  static constexpr char kRelayedCertificateMetadata[] = "x-svcup-relayed-certificate-uri";
  static bool IsRelay(const v1::Principal& holder);

  // As above, from the raw value of the authorization header ("" when absent).
  absl::StatusOr<v1::Principal> AuthenticateHeader(absl::string_view authorization) const;

 private:
  const std::shared_ptr<TrustedKeys> keys_;
  const Clock& clock_;
  const std::string trust_domain_;
  const TokenRules rules_;
  // Tokens verified before (the signature check is most of authenticating a call).
  mutable VerifiedTokenCache verified_;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_AUTH_AUTHENTICATOR_H_
