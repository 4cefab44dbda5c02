// The gRPC face of the reports service: unary handlers hand each request to the ReportRegistry;
// RecordReadings stores each streamed batch as it arrives; WatchReportEvents replays the event
// log after the client's sequence and then follows it.
#ifndef SVCUP_SERVICES_REPORTS_REPORTS_SERVICE_H_
#define SVCUP_SERVICES_REPORTS_REPORTS_SERVICE_H_

#include "common/auth/authenticator.h"
#include "common/server/callback_methods.h"
#include "common/server/event_notifier.h"
#include "common/server/stream_watchdog.h"
#include "common/server/worker_pool.h"
#include "services/reports/report_registry.h"
#include "svcup/v1/reports.grpc.pb.h"

namespace svcup::reports {

// The bounds of the streaming RPCs, each of which holds a server thread while open (the unary
// ones run on the callback API and a worker pool).
struct ReportStreamLimits {
  // How long a watch waits before it checks whether its client went away.
  absl::Duration watch_poll = absl::Seconds(1);
  // A RecordReadings stream that sends no batch for this long is ended (DEADLINE_EXCEEDED).
  absl::Duration stream_idle_timeout = absl::Seconds(10);
  // Watch streams open at once; more are refused RESOURCE_EXHAUSTED.
  int max_watch_streams = 64;
};

// svcup.v1.ProgressReports over a ReportRegistry.
class ReportsService final
    : public WithCallbackMethods<v1::ProgressReports::Service,
                                 v1::ProgressReports::WithCallbackMethod_CreateReport,
                                 v1::ProgressReports::WithCallbackMethod_UpdateReport,
                                 v1::ProgressReports::WithCallbackMethod_SubmitReport,
                                 v1::ProgressReports::WithCallbackMethod_GetReport,
                                 v1::ProgressReports::WithCallbackMethod_ListReports,
                                 v1::ProgressReports::WithCallbackMethod_GetReportRevision,
                                 v1::ProgressReports::WithCallbackMethod_ListReportRevisions,
                                 v1::ProgressReports::WithCallbackMethod_ReturnReport,
                                 v1::ProgressReports::WithCallbackMethod_AcceptReport,
                                 v1::ProgressReports::WithCallbackMethod_GetIndicatorSummary,
                                 v1::ProgressReports::WithCallbackMethod_GetCompleteness,
                                 v1::ProgressReports::WithCallbackMethod_GetIndicatorAnalytics,
                                 v1::ProgressReports::WithCallbackMethod_ListAuditRecords,
                                 v1::ProgressReports::WithCallbackMethod_VerifyAuditTrail> {
 public:
  // All must outlive the service. Unary calls run on `workers` threads of the service's own.
  ReportsService(ReportRegistry& registry, EventNotifier& events,
                 const Authenticator& authenticator, ReportStreamLimits limits = {},
                 WorkerLimits workers = {})
      : registry_(registry),
        events_(events),
        authenticator_(authenticator),
        limits_(limits),
        workers_(workers) {}

  grpc::ServerUnaryReactor* CreateReport(grpc::CallbackServerContext* context,
                                         const v1::CreateReportRequest* request,
                                         v1::ProgressReport* response) override;
  grpc::ServerUnaryReactor* UpdateReport(grpc::CallbackServerContext* context,
                                         const v1::UpdateReportRequest* request,
                                         v1::ProgressReport* response) override;
  grpc::ServerUnaryReactor* SubmitReport(grpc::CallbackServerContext* context,
                                         const v1::SubmitReportRequest* request,
                                         v1::ReportRevision* response) override;
  grpc::ServerUnaryReactor* GetReport(grpc::CallbackServerContext* context,
                                      const v1::GetReportRequest* request,
                                      v1::ProgressReport* response) override;
  grpc::ServerUnaryReactor* ListReports(grpc::CallbackServerContext* context,
                                        const v1::ListReportsRequest* request,
                                        v1::ListReportsResponse* response) override;
  grpc::ServerUnaryReactor* GetReportRevision(grpc::CallbackServerContext* context,
                                              const v1::GetReportRevisionRequest* request,
                                              v1::ReportRevision* response) override;
  grpc::ServerUnaryReactor* ListReportRevisions(grpc::CallbackServerContext* context,
                                                const v1::ListReportRevisionsRequest* request,
                                                v1::ListReportRevisionsResponse* response) override;
  grpc::ServerUnaryReactor* ReturnReport(grpc::CallbackServerContext* context,
                                         const v1::ReturnReportRequest* request,
                                         v1::ProgressReport* response) override;
  grpc::ServerUnaryReactor* AcceptReport(grpc::CallbackServerContext* context,
                                         const v1::AcceptReportRequest* request,
                                         v1::ProgressReport* response) override;
  grpc::Status RecordReadings(grpc::ServerContext* context,
                              grpc::ServerReader<v1::RecordReadingsRequest>* reader,
                              v1::RecordReadingsResponse* response) override;
  grpc::ServerUnaryReactor* GetIndicatorSummary(grpc::CallbackServerContext* context,
                                                const v1::GetIndicatorSummaryRequest* request,
                                                v1::IndicatorSummary* response) override;
  grpc::ServerUnaryReactor* GetIndicatorAnalytics(grpc::CallbackServerContext* context,
                                                  const v1::GetIndicatorAnalyticsRequest* request,
                                                  v1::IndicatorAnalytics* response) override;
  grpc::ServerUnaryReactor* GetCompleteness(grpc::CallbackServerContext* context,
                                            const v1::GetCompletenessRequest* request,
                                            v1::Completeness* response) override;
  grpc::Status WatchReportEvents(grpc::ServerContext* context,
                                 const v1::WatchReportEventsRequest* request,
                                 grpc::ServerWriter<v1::ReportEvent>* writer) override;
  grpc::ServerUnaryReactor* ListAuditRecords(grpc::CallbackServerContext* context,
                                             const v1::ListAuditRecordsRequest* request,
                                             v1::ListAuditRecordsResponse* response) override;
  grpc::ServerUnaryReactor* VerifyAuditTrail(grpc::CallbackServerContext* context,
                                             const v1::VerifyAuditTrailRequest* request,
                                             v1::AuditVerification* response) override;

 private:
  ReportRegistry& registry_;
  EventNotifier& events_;
  const Authenticator& authenticator_;
  const ReportStreamLimits limits_;
  StreamWatchdog watchdog_;
  WorkerPool workers_;
};

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_REPORTS_SERVICE_H_
