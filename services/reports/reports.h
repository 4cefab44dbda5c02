// Progress reports: drafting, submitting (an immutable revision routed to the agency's first
// recipient), the reviews service's return and acceptance, and reading them back.
#ifndef SVCUP_SERVICES_REPORTS_REPORTS_H_
#define SVCUP_SERVICES_REPORTS_REPORTS_H_

#include <google/protobuf/message.h>

#include <string>

#include "absl/status/statusor.h"
#include "services/reports/report_aggregate.h"
#include "svcup/v1/reports.pb.h"

namespace svcup::reports {

// The reports aggregate (see reports.proto for each RPC's rules and errors).
class Reports final : public ReportAggregate {
 public:
  using ReportAggregate::ReportAggregate;

  absl::StatusOr<v1::ProgressReport> CreateReport(const v1::Principal& caller,
                                                  const v1::CreateReportRequest& request);
  absl::StatusOr<v1::ProgressReport> UpdateReport(const v1::Principal& caller,
                                                  const v1::UpdateReportRequest& request);
  absl::StatusOr<v1::ReportRevision> SubmitReport(const v1::Principal& caller,
                                                  const v1::SubmitReportRequest& request);
  absl::StatusOr<v1::ProgressReport> GetReport(const v1::Principal& caller,
                                               const v1::GetReportRequest& request);
  absl::StatusOr<v1::ListReportsResponse> ListReports(const v1::Principal& caller,
                                                      const v1::ListReportsRequest& request);
  absl::StatusOr<v1::ReportRevision> GetReportRevision(const v1::Principal& caller,
                                                       const v1::GetReportRevisionRequest& request);
  absl::StatusOr<v1::ListReportRevisionsResponse> ListReportRevisions(
      const v1::Principal& caller, const v1::ListReportRevisionsRequest& request);

  // Decisions, called by the reviews service for a reviewer.
  absl::StatusOr<v1::ProgressReport> ReturnReport(const v1::Principal& caller,
                                                  const v1::ReturnReportRequest& request);
  absl::StatusOr<v1::ProgressReport> AcceptReport(const v1::Principal& caller,
                                                  const v1::AcceptReportRequest& request);

 private:
  // The decision of ReturnReport or AcceptReport.
  struct Decision {
    absl::string_view method;
    const google::protobuf::Message& request;
    const std::string& revision;
    const v1::Principal& reviewer;
    const std::string& review;
    const std::string& request_id;
    v1::ReportState new_state;
    const std::string& reason;
    const google::protobuf::RepeatedPtrField<v1::ReturnReason>& measure_reasons;
  };
  absl::StatusOr<v1::ProgressReport> Decide(const v1::Principal& caller, const Decision& decision);
};

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_REPORTS_H_
