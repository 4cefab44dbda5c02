// A gRPC load generator for the reports service, as agency systems load it: each worker is one
// reporting agency with its own connection and token, keeping its 2018 period-1 draft up to date
// (UpdateReport: authenticated, validated against the plan, durably committed, audited) and
// reading it back (GetReport). It runs each operation at every concurrency of --concurrency for
// --duration and prints operations per second, p50 and p99 latency, and the throughput as a
// ratio to the first concurrency (the baseline, measured in the same run).
//
//   build/bench/load_generator --plans_addr=HOST:PORT --reports_addr=HOST:PORT
//       --signing_key_file=issuer.key [--concurrency=1,8,32] [--duration=5s]
// bench/run_load.sh starts the real binaries on free ports and runs it (cmake target bench).
#include <grpcpp/create_channel.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "bench/bench_agencies.h"
#include "common/auth/token.h"
#include "common/calendar/roc_calendar.h"
#include "svcup/v1/plans.grpc.pb.h"
#include "svcup/v1/reports.grpc.pb.h"

ABSL_FLAG(std::string, plans_addr, "127.0.0.1:50051", "Plans service (to list the agencies)");
ABSL_FLAG(std::string, reports_addr, "127.0.0.1:50052", "Reports service under load");
ABSL_FLAG(std::string, signing_key_file, "data/demo/issuer.key",
          "The token issuer's signing key (svcup token keygen)");
ABSL_FLAG(std::string, concurrency, "1,8,32", "Concurrent agencies per run; the first is the baseline");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(5), "Length of each run");

namespace {

using svcup::v1::ProgressReports;

// One agency system: its connection, token and the etag of its draft.
struct Agency {
  std::string code;
  std::string token;
  std::unique_ptr<ProgressReports::Stub> stub;
  std::string etag;
  int version = 0;

  std::unique_ptr<grpc::ClientContext> Context() const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }
  std::string Report() const { return absl::StrCat("orgs/", code, "/reports/2018-1"); }

  // Creates the draft if needed and learns its etag.
  bool Prepare() {
    svcup::v1::ProgressReport report;
    svcup::v1::GetReportRequest get;
    get.set_name(Report());
    grpc::Status status = stub->GetReport(Context().get(), get, &report);
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
      svcup::v1::CreateReportRequest create;
      create.set_parent("orgs/" + code);
      create.set_year(2018);
      create.set_period(1);
      *create.mutable_content() = svcup::bench::DraftContent(0);
      create.set_request_id(absl::StrCat("load-create-", code));
      status = stub->CreateReport(Context().get(), create, &report);
    }
    if (!status.ok()) {
      std::cerr << code << ": " << status.error_message() << "\n";
      return false;
    }
    etag = report.etag();
    return true;
  }

  bool Update() {
    svcup::v1::UpdateReportRequest request;
    request.set_name(Report());
    *request.mutable_content() = svcup::bench::DraftContent(++version);
    request.set_etag(etag);
    request.set_request_id(absl::StrCat("load-", code, "-", etag.substr(0, 12), "-", version));
    svcup::v1::ProgressReport report;
    if (!stub->UpdateReport(Context().get(), request, &report).ok()) return false;
    etag = report.etag();
    return true;
  }

  bool Read() {
    svcup::v1::GetReportRequest request;
    request.set_name(Report());
    svcup::v1::ProgressReport report;
    return stub->GetReport(Context().get(), request, &report).ok();
  }
};

struct RunResult {
  double ops_per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  int64_t failures = 0;
};

// Runs `op` on the first `workers` agencies for --duration.
RunResult Run(std::vector<Agency>& agencies, int workers, bool (Agency::*op)()) {
  std::vector<std::vector<double>> latencies(workers);
  std::atomic<int64_t> failures{0};
  const absl::Time end = absl::Now() + absl::GetFlag(FLAGS_duration);
  std::vector<std::thread> threads;
  const absl::Time start = absl::Now();
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      while (absl::Now() < end) {
        const absl::Time before = absl::Now();
        if (!(agencies[w].*op)()) ++failures;
        latencies[w].push_back(absl::ToDoubleMilliseconds(absl::Now() - before));
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  RunResult result;
  result.failures = failures.load();
  if (all.empty()) return result;
  result.ops_per_second = static_cast<double>(all.size() - result.failures) / seconds;
  result.p50_ms = all[all.size() / 2];
  result.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::vector<int> levels;
  for (absl::string_view part : absl::StrSplit(absl::GetFlag(FLAGS_concurrency), ',')) {
    int level = 0;
    if (!absl::SimpleAtoi(part, &level) || level < 1) {
      std::cerr << "--concurrency: \"" << part << "\" is not a positive number\n";
      return 2;
    }
    levels.push_back(level);
  }
  auto key = svcup::SigningKey::ReadFile(absl::GetFlag(FLAGS_signing_key_file));
  if (!key.ok()) {
    std::cerr << key.status().message() << "\n";
    return 2;
  }
  auto plans = svcup::v1::PlanRegistry::NewStub(
      grpc::CreateChannel(absl::GetFlag(FLAGS_plans_addr), grpc::InsecureChannelCredentials()));
  const std::vector<std::string> codes = svcup::bench::ReportingAgencies(*plans);
  const int most = *std::max_element(levels.begin(), levels.end());
  if (most > static_cast<int>(codes.size())) {
    std::cerr << "--concurrency: at most " << codes.size() << " (one worker per agency)\n";
    return 2;
  }
  std::vector<Agency> agencies(most);
  for (int i = 0; i < most; ++i) {
    agencies[i].code = codes[i];
    agencies[i].token = *svcup::MintToken(
        *key, {codes[i], svcup::v1::ROLE_AGENCY_STAFF, "load", absl::Now(),
               absl::Now() + absl::Hours(1)});
    agencies[i].stub = ProgressReports::NewStub(grpc::CreateChannel(
        absl::GetFlag(FLAGS_reports_addr), grpc::InsecureChannelCredentials()));
    if (!agencies[i].Prepare()) return 1;
  }

  std::cout << absl::StrFormat("%-13s %11s %9s %8s %8s %9s %8s\n", "operation", "concurrency",
                               "ops/s", "p50 ms", "p99 ms", "failures", "ratio");
  const std::pair<const char*, bool (Agency::*)()> operations[] = {
      {"UpdateReport", &Agency::Update}, {"GetReport", &Agency::Read}};
  for (const auto& [name, op] : operations) {
    double baseline = 0;
    for (const int level : levels) {
      const RunResult r = Run(agencies, level, op);
      if (baseline == 0) baseline = r.ops_per_second;
      std::cout << absl::StrFormat("%-13s %11d %9.0f %8.2f %8.2f %9d %7.1fx\n", name, level,
                                   r.ops_per_second, r.p50_ms, r.p99_ms, r.failures,
                                   baseline > 0 ? r.ops_per_second / baseline : 0);
    }
  }
  return 0;
}
