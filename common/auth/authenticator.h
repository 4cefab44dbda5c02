// Establishes who is calling from a call's "authorization: Bearer <token>" metadata.
#ifndef SVCUP_COMMON_AUTH_AUTHENTICATOR_H_
#define SVCUP_COMMON_AUTH_AUTHENTICATOR_H_

#include <grpcpp/server_context.h>

#include <string>

#include "absl/status/statusor.h"
#include "common/api/clock.h"
#include "svcup/v1/common.pb.h"

namespace svcup {

// Turns call metadata into a Principal.
class Authenticator {
 public:
  // `key` is the shared token key; `clock` must outlive the authenticator.
  Authenticator(std::string key, const Clock& clock) : key_(std::move(key)), clock_(clock) {}

  // The caller of a call: a ROLE_PUBLIC principal when the call carries no authorization
  // metadata; UNAUTHENTICATED when it carries a malformed, forged or expired token. The caller
  // is noted for the call's access-log line.
  absl::StatusOr<v1::Principal> Authenticate(const grpc::ServerContextBase& context) const;

  // As above, from the raw value of the authorization header ("" when absent).
  absl::StatusOr<v1::Principal> AuthenticateHeader(absl::string_view authorization) const;

 private:
  const std::string key_;
  const Clock& clock_;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_AUTH_AUTHENTICATOR_H_
