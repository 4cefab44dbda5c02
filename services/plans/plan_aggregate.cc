#include "services/plans/plan_aggregate.h"

#include "absl/strings/str_cat.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"

namespace svcup::plans {

absl::Status PlanAggregate::CheckOrganisationExists(absl::string_view field,
                                                    absl::string_view code) const {
  if (directory_.Contains(code)) return absl::OkStatus();
  return absl::NotFoundError(absl::StrCat(field, ": organisation orgs/", code, " does not exist"));
}

absl::CivilDay PlanAggregate::Today() const { return TaipeiDate(clock_.Now()); }

absl::StatusOr<v1::ImplementationPlan> PlanAggregate::GoverningPlan(PlanTransaction& tx, int year) {
  ASSIGN_OR_RETURN(auto plan, tx.GetCurrentImplementationPlan(year));
  if (!plan.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the ", year, " implementation plan (ROC ", RocYear(year),
                     ") has not been published yet; execution plans follow its publication"));
  }
  return std::move(*plan);
}

}  // namespace svcup::plans
