#include "common/auth/authenticator.h"

#include <grpc/grpc_security_constants.h>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "common/api/names.h"
#include "common/auth/token.h"
#include "common/server/call_context.h"
#include "common/status/macros.h"

namespace svcup {

absl::StatusOr<v1::Principal> Authenticator::Authenticate(
    const grpc::ServerContextBase& context) const {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  absl::StatusOr<v1::Principal> caller =
      AuthenticateHeader(it == metadata.end()
                             ? absl::string_view()
                             : absl::string_view(it->second.data(), it->second.size()));
  std::vector<std::string> uris;
  bool presented_certificate = false;
  if (const auto auth = context.auth_context(); auth != nullptr) {
    for (const grpc::string_ref& uri : auth->FindPropertyValues(GRPC_PEER_URI_PROPERTY_NAME)) {
      uris.emplace_back(uri.data(), uri.size());
    }
    presented_certificate = !auth->FindPropertyValues(GRPC_X509_PEM_CERT_PROPERTY_NAME).empty();
  }
  ASSIGN_OR_RETURN(auto certified, PrincipalFromPeerUris(uris, trust_domain_));
  if (presented_certificate && !certified.has_value()) {
    // A certificate the CA signed but that names no holder identifies no one; a token sent
    // beside it does not stand in for it.
    return absl::UnauthenticatedError(
        absl::StrCat("the client certificate names no caller: it needs one URI SAN spiffe://",
                     trust_domain_, "/orgs/<code>/roles/<role>/subjects/<subject>"));
  }
  if (certified.has_value() && IsRelay(*certified)) {
    // The HTTP gateway relays its callers: the identity of the client certificate its caller
    // presented to it, if any, else the bearer token it passes on (none: the public).
    auto relayed = metadata.find(kRelayedCertificateMetadata);
    certified.reset();
    if (relayed != metadata.end()) {
      const std::string uri(relayed->second.data(), relayed->second.size());
      ASSIGN_OR_RETURN(certified, PrincipalFromPeerUris({uri}, trust_domain_));
      if (!certified.has_value()) {
        return absl::UnauthenticatedError(absl::StrCat(
            "the relayed client certificate names no caller of this trust domain: it needs "
            "spiffe://",
            trust_domain_, "/orgs/<code>/roles/<role>/subjects/<subject>"));
      }
    }
  }
  if (certified.has_value()) {
    const v1::Principal& holder = *certified;
    // A token on the same call must name the same holder.
    if (it != metadata.end() &&
        (!caller.ok() || caller->organisation() != holder.organisation() ||
         caller->role() != holder.role() || caller->subject() != holder.subject())) {
      return absl::UnauthenticatedError(absl::StrCat(
          "the bearer token does not name the client certificate's holder (",
          IdentityUri(trust_domain_, holder), "); send one or the other"));
    }
    caller = holder;
  }
  if (caller.ok()) NoteCaller(context, *caller);  // for the access log
  return caller;
}

bool Authenticator::IsRelay(const v1::Principal& holder) {
  return holder.role() == v1::ROLE_SERVICE && holder.organisation() == kRelayOrganisation;
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
  token = absl::StripAsciiWhitespace(token);
  // Hold the set for the whole check: the cache keys its entries by it.
  const std::shared_ptr<const KeySet> keys = keys_->Current();
  const absl::Time now = clock_.Now();
  std::optional<TokenClaims> cached = verified_.Find(token, keys, now, rules_.clock_skew);
  if (!cached.has_value()) {
    ASSIGN_OR_RETURN(TokenClaims verified, VerifyToken(*keys, token, now, rules_));
    verified_.Insert(token, keys, verified);
    cached = std::move(verified);
  }
  const TokenClaims& claims = *cached;
  principal.set_organisation(OrganisationName(claims.organisation));
  principal.set_role(claims.role);
  principal.set_subject(claims.subject);
  return principal;
}

}  // namespace svcup
