// The ministry's implementation plans: a draft, its publication as version 1, amendments as
// versions 2.. (each immutable once published), and public reads (see plans.proto).
#ifndef SVCUP_SERVICES_PLANS_IMPLEMENTATION_PLANS_H_
#define SVCUP_SERVICES_PLANS_IMPLEMENTATION_PLANS_H_

#include "absl/time/time.h"
#include "common/server/event_notifier.h"
#include "services/plans/plan_aggregate.h"

namespace svcup::plans {

// The implementation plans aggregate.
class ImplementationPlans final : public PlanAggregate {
 public:
  // `versions` (notified when the plan in force of a year changes) must outlive the aggregate;
  // `version_lease` is how long the services may rely on a version they were told of.
  ImplementationPlans(PlanStore& store, const OrganisationDirectory& directory, const Clock& clock,
                      EventNotifier& versions, absl::Duration version_lease)
      : PlanAggregate(store, directory, clock),
        versions_(versions),
        version_lease_(version_lease) {}

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

  // The version in force of every year's plan, with the lease the services may rely on it for
  // (WatchPlanVersions). Services only.
  absl::StatusOr<v1::PlanVersions> PlanVersionsInForce(const v1::Principal& caller);

  // How long the services may rely on a version they were told of.
  absl::Duration version_lease() const { return version_lease_; }

  // Publishes shipped content as version 1 of `year`'s implementation plan, unless the year
  // already has a plan (then nothing changes). Used at start-up to load the 2018 plan.
  absl::Status LoadShippedPlan(int year, const v1::ImplementationPlanContent& content);

 private:
  EventNotifier& versions_;
  const absl::Duration version_lease_;
};

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_IMPLEMENTATION_PLANS_H_
