#include "services/plans/sql_plan_store.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "common/api/names.h"
#include "common/status/macros.h"
#include "common/storage/proto_rows.h"
#include "common/storage/sql_store.h"

namespace svcup::plans {
namespace {

using storage::Blob;
using storage::ParseAll;
using storage::ParseFirst;

const storage::Migration kMigrations[] = {
    {1, "request ledger and audit trail", storage::kLedgerSchemaSql},
    {2, "implementation plans and execution plans", R"sql(
CREATE TABLE implementation_plans (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  state INTEGER NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (year, version)
);
CREATE TABLE execution_plans (
  year INTEGER NOT NULL,
  organisation TEXT NOT NULL,
  reports_to TEXT NOT NULL,
  state INTEGER NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (year, organisation)
);
CREATE INDEX execution_plans_by_reports_to ON execution_plans (year, reports_to, organisation)
)sql"},
    {3, "audit trail hash chain", storage::kAuditChainSchemaSql},
    storage::CountersMigration(),
};

// PlanTransaction over one SQL transaction.
class SqlPlanTransaction final : public storage::WithSqlLedger<PlanTransaction> {
 public:
  using WithSqlLedger::WithSqlLedger;

  absl::StatusOr<std::optional<v1::ImplementationPlan>> GetImplementationPlan(
      int year, int version) override {
    return ParseFirst<v1::ImplementationPlan>(tx_.Query(
        "SELECT body FROM implementation_plans WHERE year = ? AND version = ?", {year, version}));
  }

  absl::StatusOr<std::optional<v1::ImplementationPlan>> GetCurrentImplementationPlan(
      int year) override {
    return ParseFirst<v1::ImplementationPlan>(tx_.Query(
        "SELECT body FROM implementation_plans WHERE year = ? AND version > 0 "
        "ORDER BY version DESC LIMIT 1",
        {year}));
  }

  absl::StatusOr<std::vector<v1::ImplementationPlan>> ListCurrentImplementationPlans() override {
    return ParseAll<v1::ImplementationPlan>(tx_.Query(
        "SELECT body FROM implementation_plans AS p WHERE version > 0 AND version = "
        "(SELECT MAX(version) FROM implementation_plans WHERE year = p.year) ORDER BY year",
        {}));
  }

  absl::Status PutImplementationPlan(const v1::ImplementationPlan& plan) override {
    return tx_
        .Execute(
            "INSERT INTO implementation_plans (year, version, state, body) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (year, version) DO UPDATE SET state = excluded.state, "
            "body = excluded.body",
            {plan.year(), plan.version(), static_cast<int>(plan.state()),
             Blob{plan.SerializeAsString()}})
        .status();
  }

  absl::Status DeleteImplementationPlanDraft(int year) override {
    return tx_.Execute("DELETE FROM implementation_plans WHERE year = ? AND version = 0", {year})
        .status();
  }

  absl::StatusOr<std::vector<v1::ImplementationPlan>> ListImplementationPlanVersions(
      int year, int before_version, int limit) override {
    return ParseAll<v1::ImplementationPlan>(tx_.Query(
        "SELECT body FROM implementation_plans WHERE year = ? AND version < ? "
        "ORDER BY version DESC LIMIT ?",
        {year, before_version, limit}));
  }

  absl::StatusOr<std::optional<v1::ExecutionPlan>> GetExecutionPlan(
      absl::string_view organisation, int year) override {
    return ParseFirst<v1::ExecutionPlan>(tx_.Query(
        "SELECT body FROM execution_plans WHERE year = ? AND organisation = ?",
        {year, organisation}));
  }

  absl::Status PutExecutionPlan(const v1::ExecutionPlan& plan,
                                absl::string_view reports_to) override {
    const absl::string_view code = OrganisationCodeOf(plan.organisation());
    return tx_
        .Execute(
            "INSERT INTO execution_plans (year, organisation, reports_to, state, body) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (year, organisation) DO UPDATE SET "
            "reports_to = excluded.reports_to, state = excluded.state, body = excluded.body",
            {plan.year(), code, reports_to, static_cast<int>(plan.state()),
             Blob{plan.SerializeAsString()}})
        .status();
  }

  absl::StatusOr<std::vector<v1::ExecutionPlan>> ListExecutionPlans(
      const ExecutionPlanQuery& q) override {
    // One statement for every combination of filters, so it is prepared once.
    return ParseAll<v1::ExecutionPlan>(tx_.Query(
        "SELECT body FROM execution_plans WHERE year = ? AND organisation > ? "
        "AND (? = 1 OR state = ? OR organisation = ? OR reports_to = ?) "
        "AND (? = 0 OR state = ?) AND (? = '' OR reports_to = ?) "
        "ORDER BY organisation LIMIT ?",
        {q.year, q.after_organisation, q.see_all,
         static_cast<int>(v1::EXECUTION_PLAN_STATE_PUBLISHED), q.visible_organisation,
         q.visible_organisation, static_cast<int>(q.state), static_cast<int>(q.state),
         q.reports_to, q.reports_to, q.limit}));
  }

};

}  // namespace

absl::StatusOr<std::unique_ptr<PlanStore>> SqlPlanStore::Open(
    std::unique_ptr<storage::Database> database) {
  return storage::OpenSqlStore<PlanStore, SqlPlanTransaction>(std::move(database), kMigrations);
}

}  // namespace svcup::plans
