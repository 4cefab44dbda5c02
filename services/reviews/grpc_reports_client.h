// ReportsClient over gRPC: calls as ROLE_SERVICE with deadlines (the incoming call's, capped).
// Reads are retried on UNAVAILABLE; decisions carry a request_id, so they are retried safely too.
#ifndef SVCUP_SERVICES_REVIEWS_GRPC_REPORTS_CLIENT_H_
#define SVCUP_SERVICES_REVIEWS_GRPC_REPORTS_CLIENT_H_

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/auth/service_credentials.h"
#include "services/reviews/reports_client.h"
#include "svcup/v1/reports.grpc.pb.h"

namespace svcup::reviews {

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

#endif  // SVCUP_SERVICES_REVIEWS_GRPC_REPORTS_CLIENT_H_
