// What the reviews service asks of the reports service, as ROLE_SERVICE with deadlines. Reads
// are retried on UNAVAILABLE; decisions carry a request_id, so they are retried safely too.
#ifndef SVCUP_SERVICES_REVIEWS_REPORTS_CLIENT_H_
#define SVCUP_SERVICES_REVIEWS_REPORTS_CLIENT_H_

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/service_credentials.h"
#include "svcup/v1/reports.grpc.pb.h"

namespace svcup::reviews {

// The reports service as the reviews service sees it. Virtual so tests can stand in for it.
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

// ReportsClient over gRPC.
class GrpcReportsClient final : public ReportsClient {
 public:
  // `credentials` must outlive the client.
  GrpcReportsClient(std::shared_ptr<grpc::Channel> channel, ServiceCredentials& credentials,
                    absl::Duration timeout = absl::Seconds(5));

  absl::StatusOr<v1::ReportRevision> GetRevision(const std::string& name) override;
  absl::StatusOr<v1::ProgressReport> GetReport(const std::string& name) override;
  absl::StatusOr<std::vector<v1::ReportRevision>> ListLatestRevisions(
      int year, const std::string& recipient) override;
  absl::StatusOr<v1::Completeness> GetCompleteness(const std::string& recipient, int year,
                                                   int period, bool whole_tree) override;
  absl::StatusOr<v1::ProgressReport> Return(const v1::ReturnReportRequest& request) override;
  absl::StatusOr<v1::ProgressReport> Accept(const v1::AcceptReportRequest& request) override;

 private:
  // Runs `call` with a fresh context (service token, deadline), retrying UNAVAILABLE twice.
  absl::Status Call(const std::function<grpc::Status(grpc::ClientContext&)>& call);

  std::unique_ptr<v1::ProgressReports::Stub> stub_;
  ServiceCredentials& credentials_;
  const absl::Duration timeout_;
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_REPORTS_CLIENT_H_
