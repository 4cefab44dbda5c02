// Establishes who is calling from a call's "authorization: Bearer <token>" metadata.
#ifndef SVCUP_COMMON_AUTH_AUTHENTICATOR_H_
#define SVCUP_COMMON_AUTH_AUTHENTICATOR_H_

#include <grpcpp/server_context.h>

#include <string>

#include "absl/status/statusor.h"
#include "common/api/clock.h"
#include "common/auth/certificate_identity.h"
#include "svcup/v1/common.pb.h"

namespace svcup {

// Turns call metadata into a Principal.
class Authenticator {
 public:
  // `key` is the shared token key; `clock` must outlive the authenticator; client certificates
  // are read in `trust_domain` (certificate_identity.h).
  Authenticator(std::string key, const Clock& clock,
                std::string trust_domain = kDefaultTrustDomain)
      : key_(std::move(key)), clock_(clock), trust_domain_(std::move(trust_domain)) {}

  // The caller of a call: the identity of its verified client certificate (mutual TLS) if it
  // names one, else the bearer token's, else a ROLE_PUBLIC principal. UNAUTHENTICATED for a
  // malformed, forged or expired token, a malformed certificate identity, or a token that names
  // someone other than the certificate. The caller is noted for the call's access-log line.
  absl::StatusOr<v1::Principal> Authenticate(const grpc::ServerContextBase& context) const;

  // As above, from the raw value of the authorization header ("" when absent).
  absl::StatusOr<v1::Principal> AuthenticateHeader(absl::string_view authorization) const;

 private:
  const std::string key_;
  const Clock& clock_;
  const std::string trust_domain_;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_AUTH_AUTHENTICATOR_H_
