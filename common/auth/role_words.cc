#include "common/auth/role_words.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"

namespace svcup {

std::string RoleWord(v1::Role role) {
  std::string word = absl::AsciiStrToLower(absl::StripPrefix(v1::Role_Name(role), "ROLE_"));
  std::replace(word.begin(), word.end(), '_', '-');
  return word;
}

std::optional<v1::Role> RoleFromWord(absl::string_view word) {
  for (v1::Role role : {v1::ROLE_AGENCY_STAFF, v1::ROLE_AGENCY_HEAD, v1::ROLE_SUPERVISOR_REVIEWER,
                        v1::ROLE_MINISTRY_OFFICER, v1::ROLE_SERVICE, v1::ROLE_OPERATOR}) {
    if (word == RoleWord(role)) return role;
  }
  return std::nullopt;
}

}  // namespace svcup
