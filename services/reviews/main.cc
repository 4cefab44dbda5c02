// The reviews service binary: flags and wiring only.
#include <grpcpp/create_channel.h>

#include <optional>

#include "absl/flags/flag.h"
#include "common/auth/authenticator.h"
#include "common/auth/service_credentials.h"
#include "common/server/log.h"
#include "common/server/plans_gateway_flags.h"
#include "common/server/runtime.h"
#include "services/reviews/grpc_reports_client.h"
#include "services/reviews/reminder_scheduler.h"
#include "services/reviews/review_metrics.h"
#include "services/reviews/review_registry.h"
#include "services/reviews/reviews_service.h"
#include "services/reviews/smtp_mailer.h"
#include "services/reviews/sql_review_store.h"

ABSL_FLAG(std::string, reports_addr, "127.0.0.1:50052", "Address of the reports service");
ABSL_FLAG(absl::Duration, reports_timeout, absl::Seconds(5), "Deadline of each call to reports");
ABSL_FLAG(absl::Duration, reminder_interval, absl::Minutes(1),
          "How often reminders due are sent (and missed ones caught up); 0 disables them");
ABSL_FLAG(std::string, reminder_email, "",
          "E-mail address of each organisation's reminders, with {code} for its code "
          "(e.g. {code}@moj.example); empty: reminders are not mailed");
ABSL_FLAG(std::string, smtp_url, "", "SMTP relay for reminder mail, smtp://host:port");
ABSL_FLAG(std::string, smtp_from, "svcup-reminders@localhost", "Sender of reminder mail");

int main(int argc, char** argv) {
  svcup::BlockTerminationSignals();
  svcup::ParseServiceFlags(argc, argv,
      "svcup reviews service: reviews, forwarding, inspections, evaluation, documents");
  svcup::SetLogService("reviews");

  auto runtime = svcup::LoadRuntimeFromFlags("reviews", 50053, 9463);
  if (!runtime.ok()) {
    svcup::Log("error", "cannot start", {{"error", std::string(runtime.status().message())}});
    return 1;
  }
  auto store = svcup::OpenServiceStore<svcup::reviews::ReviewStore>(
      *runtime, svcup::reviews::SqlReviewStore::Open);
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
  svcup::ServiceCredentials credentials(*service_key, "reviews", runtime->token_clock);
  auto plans = svcup::PlansGatewayFromFlags(*runtime, credentials);
  svcup::reviews::GrpcReportsClient reports(
      svcup::ChannelToService(*runtime, absl::GetFlag(FLAGS_reports_addr)),
      credentials, absl::GetFlag(FLAGS_reports_timeout));
  const bool mail = !absl::GetFlag(FLAGS_smtp_url).empty();
  if (mail != !absl::GetFlag(FLAGS_reminder_email).empty()) {
    svcup::Log("error", "cannot start",
               {{"error", "--smtp_url and --reminder_email go together: set both or neither"}});
    return 1;
  }
  svcup::reviews::ReviewRegistry registry(**store, *plans, reports, *runtime->clock,
                                          absl::GetFlag(FLAGS_reminder_email));
  svcup::Authenticator authenticator(runtime->trusted_keys, runtime->token_clock,
                                     runtime->trust_domain, runtime->token_rules);
  svcup::reviews::ReviewsService service(registry, authenticator, runtime->workers);
  std::optional<svcup::reviews::SmtpMailer> mailer;
  if (mail) mailer.emplace(absl::GetFlag(FLAGS_smtp_url), absl::GetFlag(FLAGS_smtp_from));
  std::optional<svcup::reviews::ReminderScheduler> scheduler;
  if (absl::GetFlag(FLAGS_reminder_interval) > absl::ZeroDuration()) {
    scheduler.emplace(registry.reminders(), mailer ? &*mailer : nullptr,
                      absl::GetFlag(FLAGS_reminder_interval));
  }
  svcup::Log("info", "reports service", {{"reports_addr", absl::GetFlag(FLAGS_reports_addr)}});
  return svcup::ServeUntilSignal(
      *runtime, {{&service, svcup::v1::Reviews::service_full_name()}},
      [&registry] { registry.reminders().notifier().Close(); },
      svcup::reviews::ReviewStateMetrics(registry));
}
