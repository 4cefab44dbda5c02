// The ministry's implementation plans: a draft, its publication as version 1, amendments as
// versions 2.. (each immutable once published), and public reads (see plans.proto).
#ifndef SVCUP_SERVICES_PLANS_IMPLEMENTATION_PLANS_H_
#define SVCUP_SERVICES_PLANS_IMPLEMENTATION_PLANS_H_

#include "services/plans/plan_aggregate.h"

namespace svcup::plans {

// The implementation plans aggregate.
class ImplementationPlans final : public PlanAggregate {
 public:
  using PlanAggregate::PlanAggregate;

  absl::StatusOr<v1::ImplementationPlan> CreateImplementationPlan(
      const v1::Principal& caller, const v1::CreateImplementationPlanRequest& request);
  absl::StatusOr<v1::ImplementationPlan> UpdateImplementationPlan(
      const v1::Principal& caller, const v1::UpdateImplementationPlanRequest& request);
  absl::StatusOr<v1::ImplementationPlan> PublishImplementationPlan(
      const v1::Principal& caller, const v1::PublishImplementationPlanRequest& request);
  absl::StatusOr<v1::ImplementationPlan> AmendImplementationPlan(
      const v1::Principal& caller, const v1::AmendImplementationPlanRequest& request);
  absl::StatusOr<v1::ImplementationPlan> GetImplementationPlan(
      const v1::Principal& caller, const v1::GetImplementationPlanRequest& request);
  absl::StatusOr<v1::ListImplementationPlanVersionsResponse> ListImplementationPlanVersions(
      const v1::Principal& caller, const v1::ListImplementationPlanVersionsRequest& request);

  // Publishes shipped content as version 1 of `year`'s implementation plan, unless the year
  // already has a plan (then nothing changes). Used at start-up to load the 2018 plan.
  absl::Status LoadShippedPlan(int year, const v1::ImplementationPlanContent& content);
};

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_IMPLEMENTATION_PLANS_H_
