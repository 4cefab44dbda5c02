// The reports service binary: flags and wiring only.
#include "absl/flags/flag.h"
#include "common/auth/authenticator.h"
#include "common/auth/service_credentials.h"
#include "common/hierarchy/grpc_plans_gateway.h"
#include "common/server/log.h"
#include "common/server/plans_gateway_flags.h"
#include "common/server/runtime.h"
#include "services/reports/report_metrics.h"
#include "services/reports/report_registry.h"
#include "services/reports/reports_service.h"
#include "services/reports/sql_report_store.h"

ABSL_FLAG(absl::Duration, stream_idle_timeout, absl::Seconds(10),
          "End a RecordReadings stream that sends no batch for this long");
ABSL_FLAG(int, max_watch_streams, 64, "WatchReportEvents streams open at once; more are refused");

int main(int argc, char** argv) {
  svcup::BlockTerminationSignals();
  svcup::ParseServiceFlags(argc, argv,
      "svcup reports service: progress reports, routing, readings, completeness, watch");
  svcup::SetLogService("reports");

  auto runtime = svcup::LoadRuntimeFromFlags("reports", 50052, 9462);
  if (!runtime.ok()) {
    svcup::Log("error", "cannot start", {{"error", std::string(runtime.status().message())}});
    return 1;
  }
  auto store = svcup::OpenServiceStore<svcup::reports::ReportStore>(
      *runtime, svcup::reports::SqlReportStore::Open);
  if (!store.ok()) {
    svcup::Log("error", "cannot open the database",
               {{"error", std::string(store.status().message())}});
    return 1;
  }
  auto service_key = svcup::ReadServiceKey(*runtime);
  if (!service_key.ok()) {
    svcup::Log("error", "cannot start", {{"error", std::string(service_key.status().message())}});
    return 1;
  }
  svcup::ServiceCredentials credentials(*service_key, "reports", runtime->token_clock);
  auto plans = svcup::PlansGatewayFromFlags(*runtime, credentials);
  svcup::EventNotifier events;
  svcup::reports::ReportRegistry registry(**store, *plans, events, *runtime->clock);
  svcup::Authenticator authenticator(runtime->trusted_keys, runtime->token_clock,
                                     runtime->trust_domain, runtime->token_rules);
  svcup::reports::ReportStreamLimits limits;
  limits.stream_idle_timeout = absl::GetFlag(FLAGS_stream_idle_timeout);
  limits.max_watch_streams = absl::GetFlag(FLAGS_max_watch_streams);
  svcup::reports::ReportsService service(registry, events, authenticator, limits, runtime->workers);
  return svcup::ServeUntilSignal(
      *runtime, {{&service, svcup::v1::ProgressReports::service_full_name()}},
      [&events] { events.Close(); },
      svcup::reports::ReportStateMetrics(registry, events, *runtime->clock));
}
