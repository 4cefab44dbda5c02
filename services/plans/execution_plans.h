// Agencies' execution plans: draft -> head approval -> publication -> public read, and their
// open-data export (see plans.proto for each RPC's rules and errors).
#ifndef SVCUP_SERVICES_PLANS_EXECUTION_PLANS_H_
#define SVCUP_SERVICES_PLANS_EXECUTION_PLANS_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/synchronization/mutex.h"
#include "common/auth/policy.h"
#include "services/plans/plan_aggregate.h"

namespace svcup::plans {

// The execution plans aggregate. Thread-safe.
class ExecutionPlans final : public PlanAggregate {
 public:
  using PlanAggregate::PlanAggregate;

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
  // GetExecutionPlan's answer in protobuf's wire format. A published plan never changes, so its
  // encoding is kept (at most kKeptPlanBytes in all) and sent again without reading the store.
  absl::StatusOr<std::shared_ptr<const std::string>> GetExecutionPlanEncoded(
      const v1::Principal& caller, const v1::GetExecutionPlanRequest& request);
  static constexpr size_t kKeptPlanBytes = size_t{32} << 20;
  absl::StatusOr<v1::ListExecutionPlansResponse> ListExecutionPlans(
      const v1::Principal& caller, const v1::ListExecutionPlansRequest& request);
  // Writes the open-data document to `write` in pieces of at most kExportPieceBytes (the first
  // names the type and file name), reading kExportBatch plans at a time, so an export of any
  // size needs bounded memory. CANCELLED when `write` returns false (the client went away).
  absl::Status ExportExecutionPlans(const v1::Principal& caller,
                                    const v1::ExportExecutionPlansRequest& request,
                                    absl::FunctionRef<bool(const v1::Document&)> write);

  // The largest piece of an export's content in one message.
  static constexpr size_t kExportPieceBytes = size_t{1} << 20;
  // How many plans an export reads from the store at a time.
  static constexpr int kExportBatch = 8;

 private:
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

  absl::Mutex mu_;
  // Encoded published plans by name, and their bytes in all.
  absl::flat_hash_map<std::string, std::shared_ptr<const std::string>> kept_published_
      ABSL_GUARDED_BY(mu_);
  size_t kept_bytes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_EXECUTION_PLANS_H_
