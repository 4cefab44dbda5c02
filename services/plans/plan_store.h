// Persistence of the plans service behind a small interface. The domain (plan_registry.h) runs
// its rules inside Write()/Read() callables, so a check and the change it guards are one
// transaction. SQL lives in sql_plan_store.cc only.
#ifndef SVCUP_SERVICES_PLANS_PLAN_STORE_H_
#define SVCUP_SERVICES_PLANS_PLAN_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "common/storage/ledger.h"
#include "svcup/v1/plans.pb.h"

namespace svcup::plans {

// Which execution plans a listing returns.
struct ExecutionPlanQuery {
  // Gregorian year. Required.
  int year = 0;
  // Only this state; UNSPECIFIED for any.
  v1::ExecutionPlanState state = v1::EXECUTION_PLAN_STATE_UNSPECIFIED;
  // Only plans of organisations that reported to this code when the plan was last written;
  // empty for any.
  std::string reports_to;
  // Visibility: when false, only published plans, plus plans of `visible_organisation` and of
  // organisations reporting to `visible_organisation`.
  bool see_all = false;
  // See see_all.
  std::string visible_organisation;
  // Resume after this organisation code (keyset paging).
  std::string after_organisation;
  // Most plans to return.
  int limit = 50;
};

// The operations of one transaction of the plans store. Errors beyond those listed: UNAVAILABLE
// (busy, retry), INTERNAL (the database failed).
class PlanTransaction : public storage::LedgerTransaction {
 public:
  // The implementation plan of `year` at `version` (0 = the draft), if any.
  virtual absl::StatusOr<std::optional<v1::ImplementationPlan>> GetImplementationPlan(
      int year, int version) = 0;

  // The highest published version of `year`, if any.
  virtual absl::StatusOr<std::optional<v1::ImplementationPlan>> GetCurrentImplementationPlan(
      int year) = 0;

  // The highest published version of every year that has one, by year.
  virtual absl::StatusOr<std::vector<v1::ImplementationPlan>> ListCurrentImplementationPlans() = 0;

  // Inserts or replaces the row (plan.year(), plan.version()).
  virtual absl::Status PutImplementationPlan(const v1::ImplementationPlan& plan) = 0;

  // Deletes the draft of `year` (after it was published as version 1).
  virtual absl::Status DeleteImplementationPlanDraft(int year) = 0;

  // Versions of `year` (the draft included, as version 0) with version < before_version,
  // newest first, at most `limit`.
  virtual absl::StatusOr<std::vector<v1::ImplementationPlan>> ListImplementationPlanVersions(
      int year, int before_version, int limit) = 0;

  // The execution plan of (organisation code, year), if any.
  virtual absl::StatusOr<std::optional<v1::ExecutionPlan>> GetExecutionPlan(
      absl::string_view organisation, int year) = 0;

  // Inserts or replaces an execution plan, remembering whom its organisation reports to.
  virtual absl::Status PutExecutionPlan(const v1::ExecutionPlan& plan,
                                        absl::string_view reports_to) = 0;

  // Execution plans matching `query`, ordered by organisation code.
  virtual absl::StatusOr<std::vector<v1::ExecutionPlan>> ListExecutionPlans(
      const ExecutionPlanQuery& query) = 0;
};

// The plans store.
class PlanStore {
 public:
  // The transaction type Write() and Read() hand to their callables.
  using Transaction = PlanTransaction;

  virtual ~PlanStore() = default;

  // Runs `fn` in a read-write transaction; commits if it returns OK. Durable once OK.
  virtual absl::Status Write(absl::FunctionRef<absl::Status(PlanTransaction&)> fn) = 0;

  // Runs `fn` in a read-only snapshot.
  virtual absl::Status Read(absl::FunctionRef<absl::Status(PlanTransaction&)> fn) = 0;
};

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_PLAN_STORE_H_
