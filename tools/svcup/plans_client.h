// What the plans commands of svcup share: the stub, and how dates and plan states print.
#ifndef SVCUP_TOOLS_SVCUP_PLANS_CLIENT_H_
#define SVCUP_TOOLS_SVCUP_PLANS_CLIENT_H_

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/calendar/roc_calendar.h"
#include "svcup/v1/plans.grpc.pb.h"
#include "tools/svcup/cli.h"

namespace svcup::cli {

// A stub of the plans service (--plans_addr).
inline std::unique_ptr<v1::PlanRegistry::Stub> Plans() {
  return v1::PlanRegistry::NewStub(ChannelTo(Service::kPlans));
}

// "2018-03-31", or "" for an unset date.
inline std::string Date(const v1::Date& d) {
  return IsUnset(d) ? "" : FormatIsoDate(CivilDayOf(d));
}

// "published" for EXECUTION_PLAN_STATE_PUBLISHED.
inline std::string PlanState(v1::ExecutionPlanState state) {
  return EnumFlagName(v1::ExecutionPlanState_Name(state), "EXECUTION_PLAN_STATE_");
}

}  // namespace svcup::cli

#endif  // SVCUP_TOOLS_SVCUP_PLANS_CLIENT_H_
