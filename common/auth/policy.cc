#include "common/auth/policy.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/api/names.h"

namespace svcup {
namespace {

// Who may perform each action, for PERMISSION_DENIED messages.
absl::string_view WhoMay(Action action) {
  switch (action) {
    case Action::kReadPublic:
      return "anyone";
    case Action::kReadRestricted:
      return "the organisation itself, the organisation it reports to, or the ministry";
    case Action::kEditOwn:
      return "the organisation's own staff or head";
    case Action::kApproveOwn:
      return "the organisation's head (ROLE_AGENCY_HEAD)";
    case Action::kSupervise:
      return "a reviewer of the organisation it reports to, or the ministry";
    case Action::kReviewOwn:
      return "a reviewer (ROLE_SUPERVISOR_REVIEWER) of the organisation itself";
    case Action::kManageProgramme:
      return "a ministry officer (ROLE_MINISTRY_OFFICER) of the ministry";
    case Action::kReadAudit:
      return "a ministry officer or an operator";
    case Action::kServiceOnly:
      return "another service of the suite (ROLE_SERVICE)";
  }
  return "no one";
}

bool Allowed(const v1::Principal& caller, Action action, absl::string_view caller_code,
             absl::string_view target, const OrgTree& tree) {
  const v1::Role role = caller.role();
  const bool is_self = caller_code == target;
  const bool is_parent = !tree.Parent(target).empty() && tree.Parent(target) == caller_code;
  const bool is_root = tree.IsRoot(caller_code) && tree.Root(target) == caller_code;
  switch (action) {
    case Action::kReadPublic:
      return true;
    case Action::kReadRestricted:
      if (role == v1::ROLE_SERVICE) return true;
      if (role == v1::ROLE_OPERATOR) return false;
      return is_self || is_parent || is_root;
    case Action::kEditOwn:
      return is_self && (role == v1::ROLE_AGENCY_STAFF || role == v1::ROLE_AGENCY_HEAD);
    case Action::kApproveOwn:
      return is_self && role == v1::ROLE_AGENCY_HEAD;
    case Action::kSupervise:
      return (is_parent && role == v1::ROLE_SUPERVISOR_REVIEWER) ||
             (is_root && !is_self &&
              (role == v1::ROLE_MINISTRY_OFFICER || role == v1::ROLE_SUPERVISOR_REVIEWER));
    case Action::kReviewOwn:
      return is_self && role == v1::ROLE_SUPERVISOR_REVIEWER;
    case Action::kManageProgramme:
      return is_root && role == v1::ROLE_MINISTRY_OFFICER;
    case Action::kReadAudit:
      return role == v1::ROLE_OPERATOR ||
             (tree.IsRoot(caller_code) && role == v1::ROLE_MINISTRY_OFFICER);
    case Action::kServiceOnly:
      return role == v1::ROLE_SERVICE;
  }
  return false;
}

}  // namespace

bool IsSuiteService(absl::string_view code) {
  return code == "svc-plans" || code == "svc-reports" || code == kReviewsServiceCode;
}

absl::string_view CallerCode(const v1::Principal& caller) {
  return OrganisationCodeOf(caller.organisation());
}

absl::Status Authorize(const v1::Principal& caller, Action action,
                       absl::string_view target_code, const OrgTree& tree,
                       absl::string_view what) {
  if (action == Action::kReadPublic) return absl::OkStatus();
  if (caller.role() == v1::ROLE_PUBLIC || caller.role() == v1::ROLE_UNSPECIFIED) {
    return absl::UnauthenticatedError(absl::StrCat(
        "credentials required to ", what,
        ": send \"authorization: Bearer <token>\" (mint one with svcup token mint)"));
  }
  const absl::string_view caller_code = CallerCode(caller);
  if (caller.role() == v1::ROLE_SERVICE ? !IsSuiteService(caller_code)
                                        : !tree.Contains(caller_code)) {
    return absl::PermissionDeniedError(absl::StrCat("caller organisation ", caller.organisation(),
                                                    caller.role() == v1::ROLE_SERVICE
                                                        ? " is not a service of the suite"
                                                        : " is not in the hierarchy"));
  }
  if (Allowed(caller, action, caller_code, target_code, tree)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      caller.organisation(), " (", v1::Role_Name(caller.role()), ") may not ", what,
      ": only ", WhoMay(action), " may"));
}

}  // namespace svcup
