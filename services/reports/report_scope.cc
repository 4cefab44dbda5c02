#include "services/reports/report_scope.h"

#include "common/api/names.h"
#include "common/api/validation.h"
#include "common/status/macros.h"
#include "services/reports/report_rules.h"

namespace svcup::reports {

absl::StatusOr<PeriodScope> OpenPeriod(PlansGateway& plans, int year, int period) {
  RETURN_IF_ERROR(CheckYear("year", year));
  RETURN_IF_ERROR(CheckPeriod("period", period));
  ASSIGN_OR_RETURN(auto plan, plans.CurrentPlan(year));
  ASSIGN_OR_RETURN(auto found, PeriodOf(*plan, period));
  return PeriodScope{std::move(plan), std::move(found)};
}

}  // namespace svcup::reports
