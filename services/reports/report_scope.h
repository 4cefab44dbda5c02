// The scopes a reports call works in: the hierarchy it was authorised against, the plan and
// period in force, and who sees what. Shared by the aggregates of the reports service.
#ifndef SVCUP_SERVICES_REPORTS_REPORT_SCOPE_H_
#define SVCUP_SERVICES_REPORTS_REPORT_SCOPE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/policy.h"
#include "common/hierarchy/organisation_directory.h"
#include "common/hierarchy/plans_gateway.h"
#include "svcup/v1/plans.pb.h"

namespace svcup::reports {

// The hierarchy a call was authorised against.
struct Scope {
  std::shared_ptr<const OrganisationDirectory> directory;
};

// AuthorizeOn (common/hierarchy/plans_gateway.h), wrapped as a Scope.
inline absl::StatusOr<Scope> OpenScope(PlansGateway& plans, absl::string_view field,
                                       absl::string_view code, const v1::Principal& caller,
                                       Action action, absl::string_view what) {
  auto directory = AuthorizeOn(plans, field, code, caller, action, what);
  if (!directory.ok()) return directory.status();
  return Scope{*directory};
}

// A reporting period and the implementation plan in force that defines it.
struct PeriodScope {
  std::shared_ptr<const v1::ImplementationPlan> plan;  // never null
  v1::ReportingPeriod period;
};

// The plan in force for `year` and its period `period`: INVALID_ARGUMENT for a bad year or a
// period the plan lacks; FAILED_PRECONDITION when the year has no published plan.
absl::StatusOr<PeriodScope> OpenPeriod(PlansGateway& plans, int year, int period);

// Whether the caller sees every report: services, and the top of the tree (not operators).
inline bool SeesEverything(const v1::Principal& caller, const OrganisationDirectory& directory) {
  return caller.role() == v1::ROLE_SERVICE ||
         (directory.tree().IsRoot(CallerCode(caller)) && caller.role() != v1::ROLE_OPERATOR &&
          caller.role() != v1::ROLE_PUBLIC);
}

// Completeness and the event stream are a recipient's views: PERMISSION_DENIED, naming who may,
// when `code` receives no reports (no organisation reports to it and it is not the top of the
// tree), even for the organisation itself.
inline absl::Status CheckRecipient(const v1::Principal& caller,
                                   const OrganisationDirectory& directory, absl::string_view code,
                                   absl::string_view what) {
  if (directory.tree().IsRoot(code) || !directory.tree().Children(code).empty()) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(
      caller.organisation(), " (", v1::Role_Name(caller.role()), ") may not ", what, ": orgs/",
      code,
      " receives no reports; only a recipient of reports (a supervisory office or the "
      "ministry), the organisation it reports to, or the ministry may, for that recipient"));
}

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_REPORT_SCOPE_H_
