// The domain of the plans service, one aggregate per kind of resource: Organisations,
// ImplementationPlans, ExecutionPlans (each in its own file), and the service's audit trail.
// No gRPC here: handlers pass the caller and the request; an aggregate validates, authorises,
// applies the rules inside one store transaction, writes the audit record, and returns the
// resource or a status.
#ifndef SVCUP_SERVICES_PLANS_PLAN_REGISTRY_H_
#define SVCUP_SERVICES_PLANS_PLAN_REGISTRY_H_

#include "services/plans/execution_plans.h"
#include "services/plans/implementation_plans.h"
#include "services/plans/organisations.h"

namespace svcup::plans {

// The plans service's aggregates over one store. Thread-safe.
class PlanRegistry {
 public:
  // `store`, `directory` and `clock` must outlive the registry. The services may rely on a
  // plan version they were told of for `version_lease` (see WatchPlanVersions).
  PlanRegistry(PlanStore& store, const OrganisationDirectory& directory, const Clock& clock,
               absl::Duration version_lease = absl::Seconds(1))
      : store_(store),
        directory_(directory),
        organisations_(store, directory, clock),
        implementation_plans_(store, directory, clock, plan_versions_, version_lease),
        execution_plans_(store, directory, clock) {}

  Organisations& organisations() { return organisations_; }
  ImplementationPlans& implementation_plans() { return implementation_plans_; }
  ExecutionPlans& execution_plans() { return execution_plans_; }
  // Notified when the plan in force of a year changes; closed when the service drains.
  EventNotifier& plan_versions() { return plan_versions_; }

  // The audit trail and its verification (ministry officers and operators).
  absl::StatusOr<v1::ListAuditRecordsResponse> ListAuditRecords(
      const v1::Principal& caller, const v1::ListAuditRecordsRequest& request);
  absl::StatusOr<v1::AuditVerification> VerifyAuditTrail(const v1::Principal& caller);

 private:
  PlanStore& store_;
  const OrganisationDirectory& directory_;
  EventNotifier plan_versions_;  // before the aggregates that use it
  Organisations organisations_;
  ImplementationPlans implementation_plans_;
  ExecutionPlans execution_plans_;
};

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_PLAN_REGISTRY_H_
