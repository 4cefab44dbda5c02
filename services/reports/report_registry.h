// The domain of the reports service: drafting, submitting, routing, returning and accepting
// progress reports; indicator readings; completeness; the event log behind the watch stream.
// No gRPC here: handlers pass the caller and the request and get a resource or a status.
//
// Every call needs the hierarchy (for the policy), which comes from the plans service through a
// cached gateway: when plans is down and nothing usable is cached, calls answer UNAVAILABLE
// and write nothing.
#ifndef SVCUP_SERVICES_REPORTS_REPORT_REGISTRY_H_
#define SVCUP_SERVICES_REPORTS_REPORT_REGISTRY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/api/clock.h"
#include "common/hierarchy/plans_gateway.h"
#include "services/reports/event_notifier.h"
#include "services/reports/report_store.h"
#include "svcup/v1/reports.pb.h"

namespace svcup::reports {

struct PeriodScope;  // report_registry_internal.h

// The reports service's domain. Thread-safe: it holds no mutable state of its own.
class ReportRegistry {
 public:
  // All must outlive the registry.
  ReportRegistry(ReportStore& store, PlansGateway& plans, EventNotifier& events,
                 const Clock& clock)
      : store_(store), plans_(plans), events_(events), clock_(clock) {}

  // Reports and revisions (see reports.proto for each RPC's rules and errors).
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
  absl::StatusOr<v1::ReportRevision> GetReportRevision(
      const v1::Principal& caller, const v1::GetReportRevisionRequest& request);
  absl::StatusOr<v1::ListReportRevisionsResponse> ListReportRevisions(
      const v1::Principal& caller, const v1::ListReportRevisionsRequest& request);

  // Decisions, called by the reviews service for a reviewer.
  absl::StatusOr<v1::ProgressReport> ReturnReport(const v1::Principal& caller,
                                                  const v1::ReturnReportRequest& request);
  absl::StatusOr<v1::ProgressReport> AcceptReport(const v1::Principal& caller,
                                                  const v1::AcceptReportRequest& request);

  // Stores one batch of a RecordReadings stream; returns whether it was new (false: its
  // batch_id was stored before, so it was skipped).
  absl::StatusOr<bool> RecordReadingBatch(const v1::Principal& caller,
                                          const v1::RecordReadingsRequest& batch);
  absl::StatusOr<v1::IndicatorSummary> GetIndicatorSummary(
      const v1::Principal& caller, const v1::GetIndicatorSummaryRequest& request);

  // Supervisor and ministry views.
  absl::StatusOr<v1::Completeness> GetCompleteness(const v1::Principal& caller,
                                                   const v1::GetCompletenessRequest& request);

  // The completeness of (year, period) for every recipient of reports (each supervisory
  // office, and the top of the tree for the agencies reporting to it directly), for no caller
  // in particular: the metrics endpoint's view.
  absl::StatusOr<std::vector<v1::Completeness>> CompletenessByRecipient(int year, int period);

  // The years that have reports, ascending.
  absl::StatusOr<std::vector<int>> ReportYears();

  // Opens a watch: checks the caller may watch the recipient and that after_sequence is within
  // the log. Returns the recipient code to filter events by ("" for the whole tree).
  absl::StatusOr<std::string> OpenWatch(const v1::Principal& caller,
                                        const v1::WatchReportEventsRequest& request);

  // Up to `limit` events after `after_sequence` for a watch opened by OpenWatch.
  absl::StatusOr<std::vector<v1::ReportEvent>> EventsAfter(absl::string_view recipient_filter,
                                                           int64_t after_sequence, int limit);

  // The audit trail (ministry officers and operators).
  absl::StatusOr<v1::ListAuditRecordsResponse> ListAuditRecords(
      const v1::Principal& caller, const v1::ListAuditRecordsRequest& request);

 private:
  // What completeness is computed from: each agency's first revision and its report's state.
  struct PeriodSnapshot {
    absl::flat_hash_map<std::string, v1::ReportRevision> first_by_org;
    absl::flat_hash_map<std::string, v1::ReportState> state_by_org;
  };
  absl::StatusOr<PeriodSnapshot> ReadPeriodSnapshot(int year, int period);
  // The completeness of recipient `code` (or, with whole_tree, of the whole tree under it).
  v1::Completeness BuildCompleteness(const OrganisationDirectory& directory,
                                     const std::string& code, bool whole_tree,
                                     const PeriodScope& period,
                                     const PeriodSnapshot& snapshot) const;

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
  };
  absl::StatusOr<v1::ProgressReport> Decide(const v1::Principal& caller,
                                            const Decision& decision);

  ReportStore& store_;
  PlansGateway& plans_;
  EventNotifier& events_;
  const Clock& clock_;
};

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_REPORT_REGISTRY_H_
