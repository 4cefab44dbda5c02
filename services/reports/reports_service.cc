#include "services/reports/reports_service.h"

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/validation.h"
#include "common/server/handler.h"
#include "common/server/watch_stream.h"
#include "services/reports/report_rules.h"

namespace svcup::reports {

grpc::ServerUnaryReactor* ReportsService::CreateReport(grpc::CallbackServerContext* context,
                                                       const v1::CreateReportRequest* request,
                                                       v1::ProgressReport* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.reports().CreateReport(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReportsService::UpdateReport(grpc::CallbackServerContext* context,
                                                       const v1::UpdateReportRequest* request,
                                                       v1::ProgressReport* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.reports().UpdateReport(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReportsService::SubmitReport(grpc::CallbackServerContext* context,
                                                       const v1::SubmitReportRequest* request,
                                                       v1::ReportRevision* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.reports().SubmitReport(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReportsService::GetReport(grpc::CallbackServerContext* context,
                                                    const v1::GetReportRequest* request,
                                                    v1::ProgressReport* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.reports().GetReport(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReportsService::ListReports(grpc::CallbackServerContext* context,
                                                      const v1::ListReportsRequest* request,
                                                      v1::ListReportsResponse* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.reports().ListReports(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReportsService::GetReportRevision(
    grpc::CallbackServerContext* context, const v1::GetReportRevisionRequest* request,
    v1::ReportRevision* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.reports().GetReportRevision(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReportsService::ListReportRevisions(
    grpc::CallbackServerContext* context, const v1::ListReportRevisionsRequest* request,
    v1::ListReportRevisionsResponse* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.reports().ListReportRevisions(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReportsService::ReturnReport(grpc::CallbackServerContext* context,
                                                       const v1::ReturnReportRequest* request,
                                                       v1::ProgressReport* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.reports().ReturnReport(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReportsService::AcceptReport(grpc::CallbackServerContext* context,
                                                       const v1::AcceptReportRequest* request,
                                                       v1::ProgressReport* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.reports().AcceptReport(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReportsService::GetIndicatorSummary(
    grpc::CallbackServerContext* context, const v1::GetIndicatorSummaryRequest* request,
    v1::IndicatorSummary* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.readings().GetIndicatorSummary(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReportsService::GetIndicatorAnalytics(
    grpc::CallbackServerContext* context, const v1::GetIndicatorAnalyticsRequest* request,
    v1::IndicatorAnalytics* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.analyst().GetIndicatorAnalytics(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReportsService::GetCompleteness(grpc::CallbackServerContext* context,
                                                          const v1::GetCompletenessRequest* request,
                                                          v1::Completeness* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.completeness().GetCompleteness(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReportsService::ListAuditRecords(
    grpc::CallbackServerContext* context, const v1::ListAuditRecordsRequest* request,
    v1::ListAuditRecordsResponse* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.ListAuditRecords(caller, *request);
                    });
}

grpc::Status ReportsService::RecordReadings(grpc::ServerContext* context,
                                            grpc::ServerReader<v1::RecordReadingsRequest>* reader,
                                            v1::RecordReadingsResponse* response) {
  v1::Principal caller;
  if (grpc::Status admitted = AdmitCall(authenticator_, context, &caller); !admitted.ok()) {
    return admitted;
  }
  // Each batch is stored (durably) as it arrives, so a broken stream loses nothing that was
  // stored; the client resends, and batches stored before are skipped by their batch_id.
  // A stream that goes quiet is ended, so that it does not hold a thread for nothing.
  watchdog_.Arm(context, absl::Now() + limits_.stream_idle_timeout);
  absl::Cleanup disarm = [&] { watchdog_.Disarm(context); };
  v1::RecordReadingsRequest batch;
  size_t readings = 0;
  while (reader->Read(&batch)) {
    watchdog_.Arm(context, absl::Now() + limits_.stream_idle_timeout);
    readings += batch.readings_size();
    if (readings > kMaxReadingsPerCall) {
      return grpc::Status(
          grpc::StatusCode::RESOURCE_EXHAUSTED,
          absl::StrCat("readings: at most ", kMaxReadingsPerCall,
                       " readings per call; the batches before batch_id ", Quote(batch.batch_id()),
                       " are stored, send the rest in a new call"));
    }
    auto stored = registry_.readings().RecordReadingBatch(caller, batch);
    if (!stored.ok()) return ToGrpcStatus(stored.status());
    if (*stored) {
      response->set_accepted(response->accepted() + batch.readings_size());
    } else {
      response->set_duplicates(response->duplicates() + batch.readings_size());
    }
  }
  if (watchdog_.Cancelled(context)) {
    return grpc::Status(
        grpc::StatusCode::DEADLINE_EXCEEDED,
        absl::StrCat("no batch for ", absl::FormatDuration(limits_.stream_idle_timeout),
                     "; the batches before are stored, send the rest in a new "
                     "call"));
  }
  return grpc::Status::OK;
}

grpc::Status ReportsService::WatchReportEvents(grpc::ServerContext* context,
                                               const v1::WatchReportEventsRequest* request,
                                               grpc::ServerWriter<v1::ReportEvent>* writer) {
  v1::Principal caller;
  if (grpc::Status admitted = AdmitCall(authenticator_, context, &caller); !admitted.ok()) {
    return admitted;
  }
  auto filter = registry_.events().OpenWatch(caller, *request);
  if (!filter.ok()) return ToGrpcStatus(filter.status());
  return ServeWatch(context, writer, events_, {limits_.watch_poll, limits_.max_watch_streams},
                    request->after_sequence(), [&](int64_t after, int limit) {
                      return registry_.events().EventsAfter(*filter, after, limit);
                    });
}

grpc::ServerUnaryReactor* ReportsService::VerifyAuditTrail(
    grpc::CallbackServerContext* context, const v1::VerifyAuditTrailRequest* request,
    v1::AuditVerification* response) {
  return ServeUnary(
      workers_, authenticator_, context, response,
      [this](const v1::Principal& caller) { return registry_.VerifyAuditTrail(caller); });
}

}  // namespace svcup::reports
