#include "common/auth/service_credentials.h"

#include "absl/strings/str_cat.h"
#include "common/auth/token.h"

namespace svcup {

std::string ServiceCredentials::AuthorizationHeader() {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  if (now + absl::Minutes(5) >= expires_) {
    TokenClaims claims{ServiceOrganisation(service_), v1::ROLE_SERVICE, service_, now,
                       now + absl::Hours(1)};
    auto token = MintToken(key_, claims);
    token_ = token.ok() ? *token : "";
    expires_ = claims.expires_at;
  }
  return absl::StrCat("Bearer ", token_);
}

}  // namespace svcup
