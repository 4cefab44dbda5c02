// The words that name a caller's role outside the API: in `svcup token mint --role` and in a
// client certificate's identity (.../roles/<word>/...). Exactly these six, lowercase:
//   agency-staff, agency-head, supervisor-reviewer, ministry-officer, service, operator
// (ROLE_AGENCY_STAFF ... ROLE_OPERATOR). The public and "unspecified" have no word: no token or
// certificate can claim them.
#ifndef SVCUP_COMMON_AUTH_ROLE_WORDS_H_
#define SVCUP_COMMON_AUTH_ROLE_WORDS_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "svcup/v1/common.pb.h"

namespace svcup {

// The six role words, in the order above, joined with ", " (for messages and help).
inline constexpr absl::string_view kRoleWords =
    "agency-staff, agency-head, supervisor-reviewer, ministry-officer, service, operator";

// "agency-staff" for ROLE_AGENCY_STAFF.
std::string RoleWord(v1::Role role);

// The role a word names; nullopt for anything else (other case, underscores, ROLE_ names,
// "public").
std::optional<v1::Role> RoleFromWord(absl::string_view word);

}  // namespace svcup

#endif  // SVCUP_COMMON_AUTH_ROLE_WORDS_H_
