// The reports service binary: flags and wiring only.
#include <grpcpp/create_channel.h>
#include <prometheus/registry.h>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "common/auth/authenticator.h"
#include "common/hierarchy/plans_gateway.h"
#include "common/server/log.h"
#include "common/server/runtime.h"
#include "common/storage/sqlite_database.h"
#include "services/reports/report_registry.h"
#include "services/reports/reports_service.h"
#include "services/reports/sql_report_store.h"

ABSL_FLAG(std::string, plans_addr, "127.0.0.1:50051", "Address of the plans service");
ABSL_FLAG(absl::Duration, plans_timeout, absl::Seconds(2), "Deadline of each call to plans");
ABSL_FLAG(absl::Duration, plans_cache_refresh, absl::Minutes(5),
          "Refresh the cached hierarchy and plans after this long");
ABSL_FLAG(absl::Duration, plans_cache_max_age, absl::Hours(24),
          "Never use a cached hierarchy or plan older than this, even when plans is down");

int main(int argc, char** argv) {
  svcup::BlockTerminationSignals();
  absl::SetProgramUsageMessage(
      "svcup reports service: progress reports, routing, readings, completeness, watch");
  absl::ParseCommandLine(argc, argv);
  svcup::SetLogService("reports");

  auto runtime = svcup::LoadRuntimeFromFlags("reports", 50052, 9462);
  if (!runtime.ok()) {
    svcup::Log("error", "cannot start", {{"error", std::string(runtime.status().message())}});
    return 1;
  }
  auto database = svcup::storage::SqliteDatabase::Open(runtime->database_path);
  if (!database.ok()) {
    svcup::Log("error", "cannot open database",
               {{"error", std::string(database.status().message())}});
    return 1;
  }
  auto store = svcup::reports::SqlReportStore::Open(std::move(*database));
  if (!store.ok()) {
    svcup::Log("error", "cannot migrate database",
               {{"error", std::string(store.status().message())}});
    return 1;
  }
  svcup::GrpcPlansGateway plans(
      grpc::CreateChannel(absl::GetFlag(FLAGS_plans_addr), grpc::InsecureChannelCredentials()),
      *runtime->clock,
      {absl::GetFlag(FLAGS_plans_timeout), absl::GetFlag(FLAGS_plans_cache_refresh),
       absl::GetFlag(FLAGS_plans_cache_max_age)});
  svcup::reports::EventNotifier events;
  svcup::reports::ReportRegistry registry(**store, plans, events, *runtime->clock);
  svcup::Authenticator authenticator(runtime->token_key, *runtime->clock);
  svcup::reports::ReportsService service(registry, events, authenticator);
  svcup::Log("info", "plans service", {{"plans_addr", absl::GetFlag(FLAGS_plans_addr)}});
  return svcup::ServeUntilSignal(
      *runtime, {{&service, svcup::v1::ProgressReports::service_full_name()}},
      std::make_shared<prometheus::Registry>(), [&events] { events.Close(); });
}
