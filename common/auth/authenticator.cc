#include "common/auth/authenticator.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "common/api/names.h"
#include "common/auth/token.h"
#include "common/server/call_context.h"

namespace svcup {

absl::StatusOr<v1::Principal> Authenticator::Authenticate(
    const grpc::ServerContextBase& context) const {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  absl::StatusOr<v1::Principal> caller =
      AuthenticateHeader(it == metadata.end()
                             ? absl::string_view()
                             : absl::string_view(it->second.data(), it->second.size()));
  if (caller.ok()) NoteCaller(context, *caller);  // for the access log
  return caller;
}

absl::StatusOr<v1::Principal> Authenticator::AuthenticateHeader(
    absl::string_view authorization) const {
  v1::Principal principal;
  if (authorization.empty()) {
    principal.set_role(v1::ROLE_PUBLIC);
    return principal;
  }
  absl::string_view token = authorization;
  if (!absl::ConsumePrefix(&token, "Bearer ") && !absl::ConsumePrefix(&token, "bearer ")) {
    return absl::UnauthenticatedError(
        "authorization metadata must be \"Bearer <token>\"");
  }
  auto claims = VerifyToken(key_, absl::StripAsciiWhitespace(token), clock_.Now());
  if (!claims.ok()) return claims.status();
  principal.set_organisation(OrganisationName(claims->organisation));
  principal.set_role(claims->role);
  principal.set_subject(claims->subject);
  return principal;
}

}  // namespace svcup
