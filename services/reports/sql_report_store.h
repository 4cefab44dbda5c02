// The reports store over the SQL database layer.
#ifndef SVCUP_SERVICES_REPORTS_SQL_REPORT_STORE_H_
#define SVCUP_SERVICES_REPORTS_SQL_REPORT_STORE_H_

#include <memory>

#include "common/storage/database.h"
#include "services/reports/report_store.h"

namespace svcup::reports {

// ReportStore over a storage::Database: resources as serialized protobuf beside the columns
// their queries use.
class SqlReportStore final : public ReportStore {
 public:
  // Applies the reports schema migrations and returns a store over `database`.
  static absl::StatusOr<std::unique_ptr<SqlReportStore>> Open(
      std::unique_ptr<storage::Database> database);

  absl::Status Write(absl::FunctionRef<absl::Status(ReportTransaction&)> fn) override;
  absl::Status Read(absl::FunctionRef<absl::Status(ReportTransaction&)> fn) override;

 private:
  explicit SqlReportStore(std::unique_ptr<storage::Database> database)
      : database_(std::move(database)) {}

  std::unique_ptr<storage::Database> database_;
};

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_SQL_REPORT_STORE_H_
