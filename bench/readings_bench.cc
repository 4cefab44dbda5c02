// Readings from one agency system as the table grows: one connection, RecordReadings calls of
// --readings_per_call readings in messages of 1,000, one call after another, until --readings
// are stored. Prints the acknowledged (durable) readings/s of each tenth of the run, so that a
// rate that falls as the table grows shows, and writes the same as JSON (--json_out).
//
//   build/bench/readings_bench --plans_addr=H:P --reports_addr=H:P
//       --signing_key_file=issuer.key [--readings=10000000] [--readings_per_call=10000]
#include <grpcpp/grpcpp.h>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "bench/bench_agencies.h"
#include "common/auth/signing_key.h"
#include "common/auth/token.h"
#include "common/calendar/roc_calendar.h"
#include "svcup/v1/plans.grpc.pb.h"
#include "svcup/v1/reports.grpc.pb.h"

ABSL_FLAG(std::string, plans_addr, "", "The plans service (to find an agency)");
ABSL_FLAG(std::string, reports_addr, "", "The reports service");
ABSL_FLAG(std::string, signing_key_file, "", "The token issuer's signing key");
ABSL_FLAG(int64_t, readings, 10'000'000, "Readings to store in all");
ABSL_FLAG(int, readings_per_call, 10'000, "Readings per RecordReadings call");
ABSL_FLAG(std::string, json_out, "", "Also write the results as JSON to this file");

namespace {

namespace v1 = svcup::v1;
constexpr int kPerMessage = 1000;

// Message `index` of the run: kPerMessage readings of two indicators, a second apart, all in
// the first half of 2018 (readings may not lie in the future of the service's clock).
v1::RecordReadingsRequest Message(const std::string& organisation, int64_t index) {
  v1::RecordReadingsRequest message;
  message.set_organisation(organisation);
  message.set_batch_id(absl::StrCat("bench-", index));
  const absl::Time base = absl::FromCivil(absl::CivilSecond(2018, 1, 1), absl::UTCTimeZone());
  for (int i = 0; i < kPerMessage; ++i) {
    const int64_t n = index * kPerMessage + i;
    v1::IndicatorReading& reading = *message.add_readings();
    reading.set_indicator(n % 2 == 0 ? "counter.waiting_minutes" : "counter.visitors");
    reading.set_value(static_cast<double>(n % 37));
    reading.set_unit(n % 2 == 0 ? "min" : "people");
    *reading.mutable_time() = svcup::ToTimestamp(base + absl::Seconds(n % 15'000'000));
  }
  return message;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  auto key = svcup::SigningKey::ReadFile(absl::GetFlag(FLAGS_signing_key_file));
  if (!key.ok()) {
    std::cerr << key.status().message() << "\n";
    return 2;
  }
  auto plans = v1::PlanRegistry::NewStub(
      grpc::CreateChannel(absl::GetFlag(FLAGS_plans_addr), grpc::InsecureChannelCredentials()));
  auto reports = v1::ProgressReports::NewStub(
      grpc::CreateChannel(absl::GetFlag(FLAGS_reports_addr), grpc::InsecureChannelCredentials()));
  const std::string code = svcup::bench::ReportingAgencies(*plans).front();
  const std::string organisation = "orgs/" + code;
  const std::string token = *svcup::MintToken(
      *key, {code, v1::ROLE_AGENCY_STAFF, "bench", absl::Now(), absl::Now() + absl::Hours(4)});

  const int64_t total = absl::GetFlag(FLAGS_readings);
  const int messages_per_call = std::max(1, absl::GetFlag(FLAGS_readings_per_call) / kPerMessage);
  const int64_t messages = total / kPerMessage;
  const int64_t tenth = std::max<int64_t>(1, messages / 10);
  std::vector<double> per_second;  // of each tenth
  int64_t message = 0, stored = 0;
  const absl::Time start = absl::Now();
  absl::Time tenth_start = start;
  int64_t tenth_stored = 0;
  while (message < messages) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    v1::RecordReadingsResponse response;
    auto writer = reports->RecordReadings(&context, &response);
    for (int m = 0; m < messages_per_call && message < messages; ++m, ++message) {
      if (!writer->Write(Message(organisation, message))) break;
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    if (!status.ok()) {
      std::cerr << "RecordReadings: " << status.error_message() << "\n";
      return 1;
    }
    stored += response.accepted();
    tenth_stored += response.accepted();
    if (message % tenth == 0 || message == messages) {
      const absl::Time now = absl::Now();
      per_second.push_back(tenth_stored / absl::ToDoubleSeconds(now - tenth_start));
      std::cout << absl::StrFormat("%10d readings stored: %8.0f readings/s\n", stored,
                                   per_second.back());
      tenth_start = now;
      tenth_stored = 0;
    }
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const double overall = stored / seconds;
  const double flatness = per_second.back() / per_second.front();
  std::cout << absl::StrFormat(
      "%d readings in %.1f s: %.0f readings/s; the last tenth at %.2f x the first\n", stored,
      seconds, overall, flatness);
  if (const std::string out = absl::GetFlag(FLAGS_json_out); !out.empty()) {
    std::vector<std::string> tenths;
    for (double r : per_second) tenths.push_back(absl::StrFormat("%.0f", r));
    std::ofstream(out) << absl::StrCat(
        "{\"readings\": ", stored, ", \"readings_per_call\": ", messages_per_call * kPerMessage,
        ", \"seconds\": ", seconds, ", \"readings_per_second\": ", overall,
        ", \"last_tenth_to_first\": ", flatness, ", \"per_tenth\": [", absl::StrJoin(tenths, ", "),
        "]}\n");
  }
  return 0;
}
