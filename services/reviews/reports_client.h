// What the reviews service asks of the reports service: an interface with no gRPC in it.
// grpc_reports_client.h calls the real service; tests stand in for it.
#ifndef SVCUP_SERVICES_REVIEWS_REPORTS_CLIENT_H_
#define SVCUP_SERVICES_REVIEWS_REPORTS_CLIENT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "svcup/v1/reports.pb.h"

namespace svcup::reviews {

// The reports service as the reviews service sees it.
class ReportsClient {
 public:
  virtual ~ReportsClient() = default;

  // A revision (NOT_FOUND when it does not exist).
  virtual absl::StatusOr<v1::ReportRevision> GetRevision(const std::string& name) = 0;
  // A report (NOT_FOUND when it does not exist).
  virtual absl::StatusOr<v1::ProgressReport> GetReport(const std::string& name) = 0;
  // The latest submitted revision of every report of a year (both periods) addressed to
  // `recipient` ("orgs/{code}"; "" for any), read a page of reports at a time.
  virtual absl::StatusOr<std::vector<v1::ReportRevision>> ListLatestRevisions(
      int year, const std::string& recipient) = 0;
  // Completeness of (recipient, year, period), optionally of the whole tree.
  virtual absl::StatusOr<v1::Completeness> GetCompleteness(const std::string& recipient,
                                                           int year, int period,
                                                           bool whole_tree) = 0;
  // Returns or accepts a revision for `reviewer`, under `request_id`.
  virtual absl::StatusOr<v1::ProgressReport> Return(const v1::ReturnReportRequest& request) = 0;
  virtual absl::StatusOr<v1::ProgressReport> Accept(const v1::AcceptReportRequest& request) = 0;
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_REPORTS_CLIENT_H_
