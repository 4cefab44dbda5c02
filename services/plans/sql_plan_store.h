// The plans store over the SQL database layer (SQLite today, PostgreSQL later).
#ifndef SVCUP_SERVICES_PLANS_SQL_PLAN_STORE_H_
#define SVCUP_SERVICES_PLANS_SQL_PLAN_STORE_H_

#include <memory>

#include "common/storage/database.h"
#include "services/plans/plan_store.h"

namespace svcup::plans {

// PlanStore over a storage::Database. Resources are kept as serialized protobuf messages with
// the columns their queries need beside them.
class SqlPlanStore final {
 public:
  // Applies the plans schema migrations to `database` and returns a store over it.
  static absl::StatusOr<std::unique_ptr<PlanStore>> Open(
      std::unique_ptr<storage::Database> database);
};

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_SQL_PLAN_STORE_H_
