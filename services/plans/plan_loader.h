// Loading of shipped implementation plans (implementation_plan_<year>.textproto) at start-up.
#ifndef SVCUP_SERVICES_PLANS_PLAN_LOADER_H_
#define SVCUP_SERVICES_PLANS_PLAN_LOADER_H_

#include <string>

#include "absl/status/status.h"
#include "services/plans/plan_registry.h"

namespace svcup::plans {

// Reads every implementation_plan_<year>.textproto in `seed_dir` and publishes each as version 1
// of its year unless that year already has a plan. INVALID_ARGUMENT naming the file when one is
// malformed or breaks a content rule.
absl::Status LoadShippedPlans(PlanRegistry& registry, const std::string& seed_dir);

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_PLAN_LOADER_H_
