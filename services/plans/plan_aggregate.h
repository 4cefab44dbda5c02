// What every aggregate of the plans service (Organisations, ImplementationPlans, ExecutionPlans)
// works with: the store, the hierarchy, the clock, and the helpers they share.
//
// Check order of every mutation: resource names (INVALID_ARGUMENT) -> organisation exists
// (NOT_FOUND) -> policy (UNAUTHENTICATED / PERMISSION_DENIED) -> content (INVALID_ARGUMENT) ->
// request_id replay -> state (NOT_FOUND, ALREADY_EXISTS, ABORTED, FAILED_PRECONDITION).
#ifndef SVCUP_SERVICES_PLANS_PLAN_AGGREGATE_H_
#define SVCUP_SERVICES_PLANS_PLAN_AGGREGATE_H_

#include <google/protobuf/message.h>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/api/clock.h"
#include "common/hierarchy/organisation_directory.h"
#include "common/storage/idempotency.h"
#include "services/plans/plan_store.h"
#include "svcup/v1/plans.pb.h"

namespace svcup::plans {

// The base of the plans aggregates. Thread-safe: it holds no mutable state of its own.
class PlanAggregate {
 public:
  // `store`, `directory` and `clock` must outlive the aggregate.
  PlanAggregate(PlanStore& store, const OrganisationDirectory& directory, const Clock& clock)
      : store_(store), directory_(directory), clock_(clock) {}

 protected:
  // Runs `body` in a write transaction, once per request_id (see storage::WriteOnce).
  template <typename Response>
  absl::StatusOr<Response> Mutate(
      const v1::Principal& caller, absl::string_view method,
      const google::protobuf::Message& request, absl::string_view request_id,
      absl::FunctionRef<absl::StatusOr<Response>(PlanTransaction&)> body) {
    return storage::WriteOnce<Response>(store_, clock_.Now(), caller, method, request, request_id,
                                        body);
  }

  // NOT_FOUND unless `code` is an organisation.
  absl::Status CheckOrganisationExists(absl::string_view field, absl::string_view code) const;

  // Today's date in Taipei by the service clock.
  absl::CivilDay Today() const;

  // The published implementation plan in force for `year`; FAILED_PRECONDITION if none.
  static absl::StatusOr<v1::ImplementationPlan> GoverningPlan(PlanTransaction& tx, int year);

  PlanStore& store_;
  const OrganisationDirectory& directory_;
  const Clock& clock_;
};

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_PLAN_AGGREGATE_H_
