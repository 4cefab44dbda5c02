// The reports store over the SQL database layer.
#ifndef SVCUP_SERVICES_REPORTS_SQL_REPORT_STORE_H_
#define SVCUP_SERVICES_REPORTS_SQL_REPORT_STORE_H_

#include <memory>

#include "common/storage/database.h"
#include "services/reports/report_store.h"

namespace svcup::reports {

// ReportStore over a storage::Database: resources as serialized protobuf beside the columns
// their queries use.
class SqlReportStore final {
 public:
  // Applies the reports schema migrations to `database` and returns a store over it.
  static absl::StatusOr<std::unique_ptr<ReportStore>> Open(
      std::unique_ptr<storage::Database> database);
};

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_SQL_REPORT_STORE_H_
