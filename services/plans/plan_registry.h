// The domain of the plans service: who may do what to organisations, implementation plans and
// execution plans, and the state machines they follow. No gRPC here: handlers pass the caller
// and the request; the registry validates, authorises, applies the rules inside one store
// transaction, writes the audit record, and returns the resource or a status.
//
// Check order of every mutation: resource names (INVALID_ARGUMENT) -> organisation exists
// (NOT_FOUND) -> policy (UNAUTHENTICATED / PERMISSION_DENIED) -> content (INVALID_ARGUMENT) ->
// request_id replay -> state (NOT_FOUND, ALREADY_EXISTS, ABORTED, FAILED_PRECONDITION).
#ifndef SVCUP_SERVICES_PLANS_PLAN_REGISTRY_H_
#define SVCUP_SERVICES_PLANS_PLAN_REGISTRY_H_

#include <google/protobuf/message.h>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "common/api/clock.h"
#include "common/auth/policy.h"
#include "common/storage/idempotency.h"
#include "common/hierarchy/organisation_directory.h"
#include "services/plans/plan_store.h"
#include "svcup/v1/plans.pb.h"

namespace svcup::plans {

// The plans service's domain. Thread-safe: it holds no mutable state of its own.
class PlanRegistry {
 public:
  // `store`, `directory` and `clock` must outlive the registry.
  PlanRegistry(PlanStore& store, const OrganisationDirectory& directory, const Clock& clock)
      : store_(store), directory_(directory), clock_(clock) {}

  // Organisations (public).
  absl::StatusOr<v1::Organisation> GetOrganisation(const v1::Principal& caller,
                                                   const v1::GetOrganisationRequest& request);
  absl::StatusOr<v1::ListOrganisationsResponse> ListOrganisations(
      const v1::Principal& caller, const v1::ListOrganisationsRequest& request);
  absl::StatusOr<v1::ListOrganisationsResponse> ListSubordinates(
      const v1::Principal& caller, const v1::ListSubordinatesRequest& request);
  absl::StatusOr<v1::ReportingRoute> ResolveReportingRoute(
      const v1::Principal& caller, const v1::ResolveReportingRouteRequest& request);

  // Implementation plans (see plans.proto for each RPC's rules and errors).
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

  // Execution plans (see plans.proto).
  absl::StatusOr<v1::ExecutionPlan> CreateExecutionPlan(
      const v1::Principal& caller, const v1::CreateExecutionPlanRequest& request);
  absl::StatusOr<v1::ExecutionPlan> UpdateExecutionPlan(
      const v1::Principal& caller, const v1::UpdateExecutionPlanRequest& request);
  absl::StatusOr<v1::ExecutionPlan> ApproveExecutionPlan(
      const v1::Principal& caller, const v1::ApproveExecutionPlanRequest& request);
  absl::StatusOr<v1::ExecutionPlan> PublishExecutionPlan(
      const v1::Principal& caller, const v1::PublishExecutionPlanRequest& request);
  absl::StatusOr<v1::ExecutionPlan> GetExecutionPlan(const v1::Principal& caller,
                                                     const v1::GetExecutionPlanRequest& request);
  absl::StatusOr<v1::ListExecutionPlansResponse> ListExecutionPlans(
      const v1::Principal& caller, const v1::ListExecutionPlansRequest& request);
  absl::StatusOr<v1::Document> ExportExecutionPlans(
      const v1::Principal& caller, const v1::ExportExecutionPlansRequest& request);

  // The audit trail (ministry officers and operators).
  absl::StatusOr<v1::ListAuditRecordsResponse> ListAuditRecords(
      const v1::Principal& caller, const v1::ListAuditRecordsRequest& request);

  // Publishes shipped content as version 1 of `year`'s implementation plan, unless the year
  // already has a plan (then nothing changes). Used at start-up to load the 2018 plan.
  absl::Status LoadShippedPlan(int year, const v1::ImplementationPlanContent& content);

 private:
  // Runs `body` in a write transaction, once per request_id (see storage::RunIdempotent).
  template <typename Response>
  absl::StatusOr<Response> Mutate(const v1::Principal& caller, absl::string_view method,
                                  const google::protobuf::Message& request,
                                  absl::string_view request_id,
                                  absl::FunctionRef<absl::StatusOr<Response>(PlanTransaction&)> body);

  // NOT_FOUND unless `code` is an organisation.
  absl::Status CheckOrganisationExists(absl::string_view field, absl::string_view code) const;

  // Today's date in Taipei by the service clock.
  absl::CivilDay Today() const;

  // The published implementation plan in force for `year`; FAILED_PRECONDITION if none.
  static absl::StatusOr<v1::ImplementationPlan> GoverningPlan(PlanTransaction& tx, int year);

  // Fills the derived fields of an execution plan (display name, etag) after a change.
  void Stamp(v1::ExecutionPlan& plan, absl::Time now) const;

  // What a change to an existing execution plan is, for ChangeExecutionPlan.
  struct PlanChange {
    absl::string_view method;  // the RPC, for the ledger and the audit trail
    Action action;             // what the policy must allow on the plan's organisation
    absl::string_view verb;    // for messages: "approve"
    const google::protobuf::Message& request;
    const std::string& name;
    const std::string& etag;
    const std::string& request_id;
  };

  // The shape every change to an existing execution plan follows: parse the name, check the
  // organisation exists, authorise, run `validate` (the request's own fields), then in one
  // idempotent transaction load the plan (NOT_FOUND), check the etag (ABORTED), run `apply`
  // (which changes the plan and returns the audit detail, or refuses), stamp, save and audit.
  absl::StatusOr<v1::ExecutionPlan> ChangeExecutionPlan(
      const v1::Principal& caller, const PlanChange& change,
      absl::FunctionRef<absl::Status()> validate,
      absl::FunctionRef<absl::StatusOr<std::string>(PlanTransaction&, v1::ExecutionPlan&,
                                                    absl::Time)>
          apply);

  PlanStore& store_;
  const OrganisationDirectory& directory_;
  const Clock& clock_;
};

template <typename Response>
absl::StatusOr<Response> PlanRegistry::Mutate(
    const v1::Principal& caller, absl::string_view method,
    const google::protobuf::Message& request, absl::string_view request_id,
    absl::FunctionRef<absl::StatusOr<Response>(PlanTransaction&)> body) {
  return storage::WriteOnce<Response>(store_, clock_.Now(), caller, method, request, request_id,
                                      body);
}

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_PLAN_REGISTRY_H_
