#include "common/auth/certificate_identity.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/api/names.h"
#include "common/api/validation.h"
#include "common/auth/role_words.h"
#include "common/auth/token.h"
#include "common/status/macros.h"

namespace svcup {
namespace {

absl::Status Malformed(absl::string_view uri, absl::string_view rule) {
  return absl::UnauthenticatedError(
      absl::StrCat("client certificate identity ", Quote(uri, 256), " rejected: ", rule));
}

absl::StatusOr<v1::Principal> Parse(absl::string_view uri, absl::string_view path) {
  const std::vector<absl::string_view> parts = absl::StrSplit(path, '/');
  if (parts.size() != 6 || parts[0] != "orgs" || parts[2] != "roles" || parts[4] != "subjects") {
    return Malformed(uri, "the path must be /orgs/<code>/roles/<role>/subjects/<subject>");
  }
  if (!CheckOrganisationCode("organisation", parts[1]).ok()) {
    return Malformed(uri, "the organisation code is not valid");
  }
  const std::optional<v1::Role> role = RoleFromWord(parts[3]);
  if (!role.has_value()) {
    return Malformed(uri, absl::StrCat(Quote(parts[3]), " is not a role"));
  }
  if (!CheckSubject(parts[5]).ok()) {
    return Malformed(uri, "the subject must be 1..64 of [A-Za-z0-9._@-]");
  }
  v1::Principal principal;
  principal.set_organisation(OrganisationName(parts[1]));
  principal.set_role(*role);
  principal.set_subject(std::string(parts[5]));
  return principal;
}

}  // namespace

std::string IdentityUri(absl::string_view trust_domain, const v1::Principal& principal) {
  return absl::StrCat("spiffe://", trust_domain, "/", principal.organisation(), "/roles/",
                      RoleWord(principal.role()), "/subjects/", principal.subject());
}

absl::StatusOr<std::optional<v1::Principal>> PrincipalFromPeerUris(
    const std::vector<std::string>& uris, absl::string_view trust_domain) {
  const std::string prefix = absl::StrCat("spiffe://", trust_domain, "/");
  std::optional<v1::Principal> found;
  for (const std::string& uri : uris) {
    if (!absl::StartsWith(uri, prefix)) continue;
    if (found.has_value()) {
      return absl::UnauthenticatedError(
          "the client certificate names more than one identity; issue one per holder");
    }
    ASSIGN_OR_RETURN(auto principal, Parse(uri, absl::string_view(uri).substr(prefix.size())));
    found = std::move(principal);
  }
  return found;
}

}  // namespace svcup
