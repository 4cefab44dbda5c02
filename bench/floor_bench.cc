// The suite measured against the floor of its stack, in one run: a bare gRPC echo server on the
// same build and settings (bench/echo_server.cc) and the reports and plans services, each
// driven with the same connections and calls in flight through the callback client API (no
// thread per call). Prints each scenario's calls/s, its ratio to the echo, p50/p90/p99/max and
// the errors by status code, and writes the same as JSON (--json_out) for scripts/bench.
//
//   build/bench/floor_bench --echo_addr=H:P --plans_addr=H:P --reports_addr=H:P
//       --signing_key_file=issuer.key [--connections=4] [--in_flight=64] [--duration=5s]
#include <grpcpp/create_channel.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/bench_agencies.h"
#include "common/auth/signing_key.h"
#include "common/auth/token.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/grpc_status.h"
#include "svcup/internal/bench.grpc.pb.h"
#include "svcup/v1/plans.grpc.pb.h"
#include "svcup/v1/reports.grpc.pb.h"

ABSL_FLAG(std::string, echo_addr, "", "The echo server (the floor)");
ABSL_FLAG(std::string, plans_addr, "", "The plans service");
ABSL_FLAG(std::string, reports_addr, "", "The reports service");
ABSL_FLAG(std::string, signing_key_file, "", "The token issuer's signing key");
ABSL_FLAG(int, connections, 4, "Connections (channels) per scenario");
ABSL_FLAG(int, in_flight, 64, "Calls in flight at any time, spread over the connections");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(5), "Length of each scenario");
ABSL_FLAG(std::string, json_out, "", "Also write the results as JSON to this file");
ABSL_FLAG(std::string, supervisor, "orgs/high-prosecutors",
          "GetCompleteness: the supervisory office whose completeness its reviewer reads");
ABSL_FLAG(std::string, scenarios, "",
          "Only these scenarios, comma-separated (default: all; Echo always runs first)");

namespace {

using svcup::v1::PlanRegistry;
using svcup::v1::ProgressReports;

// Starts one call for slot `slot` on connection `connection`, and calls `done` with its status
// when it completes (on a gRPC thread).
using IssueCall =
    std::function<void(int slot, int connection, std::function<void(grpc::Status)> done)>;

// A scenario's outcome.
struct Outcome {
  std::string name;
  double calls_per_second = 0;
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;
  std::map<std::string, int64_t> errors;  // by status code name
  int64_t calls = 0;
};

// Keeps --in_flight calls going for --duration: each slot issues its next call as soon as its
// previous one completes.
bool Selected(const std::string& name) {
  const std::string only = absl::GetFlag(FLAGS_scenarios);
  if (only.empty() || name == "Echo") return true;
  for (absl::string_view s : absl::StrSplit(only, ',')) {
    if (s == name) return true;
  }
  return false;
}

Outcome Drive(const std::string& name, const IssueCall& issue) {
  const int slots = absl::GetFlag(FLAGS_in_flight);
  const int connections = absl::GetFlag(FLAGS_connections);
  absl::Mutex mu;
  std::vector<double> latencies;
  std::map<std::string, int64_t> errors;
  int running = slots;
  const absl::Time start = absl::Now();
  const absl::Time end = start + absl::GetFlag(FLAGS_duration);
  std::function<void(int)> next = [&](int slot) {
    const absl::Time began = absl::Now();
    issue(slot, slot % connections, [&, slot, began](grpc::Status status) {
      const absl::Time now = absl::Now();
      {
        absl::MutexLock lock(&mu);
        latencies.push_back(absl::ToDoubleMilliseconds(now - began));
        if (!status.ok()) ++errors[svcup::GrpcCodeName(status.error_code())];
        if (now >= end) {
          --running;
          return;
        }
      }
      next(slot);
    });
  };
  for (int slot = 0; slot < slots; ++slot) next(slot);
  absl::MutexLock lock(&mu);
  mu.Await(absl::Condition(
      +[](int* r) { return *r == 0; }, &running));
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  Outcome outcome;
  outcome.name = name;
  outcome.errors = errors;
  outcome.calls = static_cast<int64_t>(latencies.size());
  std::sort(latencies.begin(), latencies.end());
  if (latencies.empty()) return outcome;
  int64_t failed = 0;
  for (const auto& [code, count] : errors) failed += count;
  outcome.calls_per_second = static_cast<double>(outcome.calls - failed) / seconds;
  const auto at = [&](double q) {
    return latencies[std::min(latencies.size() - 1, static_cast<size_t>(q * latencies.size()))];
  };
  outcome.p50_ms = at(0.50);
  outcome.p90_ms = at(0.90);
  outcome.p99_ms = at(0.99);
  outcome.max_ms = latencies.back();
  return outcome;
}

std::vector<std::shared_ptr<grpc::Channel>> Channels(const std::string& address) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < absl::GetFlag(FLAGS_connections); ++i) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.channel_id", i);  // distinct arguments: a connection each
    channels.push_back(
        grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args));
  }
  return channels;
}

// A call's context, request and response, alive until its callback.
template <typename Request, typename Response>
struct Call {
  grpc::ClientContext context;
  Request request;
  Response response;
};

template <typename Request, typename Response>
std::unique_ptr<Call<Request, Response>> NewCall(const std::string& token) {
  auto call = std::make_unique<Call<Request, Response>>();
  call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!token.empty()) call->context.AddMetadata("authorization", "Bearer " + token);
  return call;
}

// Runs `method` of `stub` asynchronously for `call`, then `done`, then frees the call.
template <typename Request, typename Response, typename Method>
void Start(std::unique_ptr<Call<Request, Response>> call, Method method,
           std::function<void(grpc::Status, const Response&)> done) {
  auto* raw = call.release();
  method(&raw->context, &raw->request, &raw->response,
         [raw, done = std::move(done)](grpc::Status status) {
           std::unique_ptr<Call<Request, Response>> owned(raw);
           done(status, owned->response);
         });
}

// Drafts, approves (as its head) and publishes `code`'s 2018 execution plan; returns its name.
std::string PublishExecutionPlan(PlanRegistry::Stub& plans, const svcup::SigningKey& key,
                                 const std::string& code) {
  const auto token = [&](svcup::v1::Role role) {
    return *svcup::MintToken(key, {code, role, "bench", absl::Now(), absl::Now() + absl::Hours(1)});
  };
  const auto context = [](const std::string& bearer) {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", "Bearer " + bearer);
    return c;
  };
  svcup::v1::CreateExecutionPlanRequest create;
  create.set_parent("orgs/" + code);
  create.set_year(2018);
  svcup::v1::ExecutionPlanContent& content = *create.mutable_content();
  content.set_title("107年度服務躍升執行計畫");
  content.set_basis("法務部107年度服務躍升實施計畫");
  content.set_goals("落實司法為民，提升服務品質與親民形象");
  content.set_targets("本機關各單位及為民服務中心");
  for (const char* measure : {"1.1", "2.3", "3.2"}) {
    auto* m = content.add_measures();
    m->set_measure_code(measure);
    m->set_title("依實施計畫推動");
  }
  content.set_implementation_steps("一、成立工作小組。二、三月底前公告。三、按期檢討。");
  content.set_evaluation("每半年由為民服務中心召開會議檢討");
  content.set_rewards("績效優良人員依規定敘獎");
  auto* priority = content.add_priorities();
  priority->set_rank(1);
  priority->set_title("單一窗口便民服務");
  create.set_request_id("bench-plan-" + code);
  svcup::v1::ExecutionPlan plan;
  grpc::Status status =
      plans.CreateExecutionPlan(context(token(svcup::v1::ROLE_AGENCY_STAFF)).get(), create, &plan);
  svcup::v1::ApproveExecutionPlanRequest approve;
  approve.set_name(plan.name());
  approve.set_etag(plan.etag());
  approve.set_request_id("bench-approve-" + code);
  if (status.ok()) {
    status = plans.ApproveExecutionPlan(context(token(svcup::v1::ROLE_AGENCY_HEAD)).get(), approve,
                                        &plan);
  }
  svcup::v1::PublishExecutionPlanRequest publish;
  publish.set_name(plan.name());
  publish.add_urls(absl::StrCat("https://www.example.gov.tw/", code, "/107-execution-plan.pdf"));
  publish.set_etag(plan.etag());
  publish.set_request_id("bench-publish-" + code);
  if (status.ok()) {
    status = plans.PublishExecutionPlan(context(token(svcup::v1::ROLE_AGENCY_STAFF)).get(), publish,
                                        &plan);
  }
  if (!status.ok()) {
    std::cerr << "cannot publish " << code << "'s execution plan: " << status.error_message()
              << "\n";
    std::exit(1);
  }
  return plan.name();
}

void PrintAndWrite(const std::vector<Outcome>& outcomes) {
  const double echo = outcomes.front().calls_per_second;
  std::cout << absl::StrFormat("%-22s %10s %7s %8s %8s %8s %8s  %s\n", "scenario", "calls/s",
                               "x echo", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors");
  std::string json =
      "{\"in_flight\": " + absl::StrCat(absl::GetFlag(FLAGS_in_flight)) +
      ", \"connections\": " + absl::StrCat(absl::GetFlag(FLAGS_connections)) +
      ", \"duration_s\": " + absl::StrCat(absl::ToDoubleSeconds(absl::GetFlag(FLAGS_duration))) +
      ", \"scenarios\": [";
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const Outcome& o = outcomes[i];
    std::vector<std::string> errors, json_errors;
    for (const auto& [code, count] : o.errors) {
      errors.push_back(absl::StrCat(code, " ", count));
      json_errors.push_back(absl::StrCat("\"", code, "\": ", count));
    }
    const double ratio = echo > 0 ? o.calls_per_second / echo : 0;
    std::cout << absl::StrFormat("%-22s %10.0f %7.3f %8.2f %8.2f %8.2f %8.2f  %s\n", o.name,
                                 o.calls_per_second, ratio, o.p50_ms, o.p90_ms, o.p99_ms, o.max_ms,
                                 errors.empty() ? "-" : absl::StrJoin(errors, ", "));
    absl::StrAppend(&json, i == 0 ? "" : ", ",
                    absl::StrFormat("{\"name\": \"%s\", \"calls_per_second\": %.1f, "
                                    "\"ratio_to_echo\": %.4f, \"p50_ms\": %.3f, \"p90_ms\": %.3f, "
                                    "\"p99_ms\": %.3f, \"max_ms\": %.3f, \"calls\": %d, "
                                    "\"errors\": {%s}}",
                                    o.name, o.calls_per_second, ratio, o.p50_ms, o.p90_ms, o.p99_ms,
                                    o.max_ms, o.calls, absl::StrJoin(json_errors, ", ")));
  }
  json += "]}\n";
  if (const std::string out = absl::GetFlag(FLAGS_json_out); !out.empty()) {
    std::ofstream(out) << json;
  }
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  auto key = svcup::SigningKey::ReadFile(absl::GetFlag(FLAGS_signing_key_file));
  if (!key.ok()) {
    std::cerr << key.status().message() << "\n";
    return 2;
  }
  const auto echo_channels = Channels(absl::GetFlag(FLAGS_echo_addr));
  const auto plans_channels = Channels(absl::GetFlag(FLAGS_plans_addr));
  const auto reports_channels = Channels(absl::GetFlag(FLAGS_reports_addr));
  std::vector<std::unique_ptr<svcup::internal::Echo::Stub>> echo;
  std::vector<std::unique_ptr<PlanRegistry::Stub>> plans;
  std::vector<std::unique_ptr<ProgressReports::Stub>> reports;
  for (int i = 0; i < absl::GetFlag(FLAGS_connections); ++i) {
    echo.push_back(svcup::internal::Echo::NewStub(echo_channels[i]));
    plans.push_back(PlanRegistry::NewStub(plans_channels[i]));
    reports.push_back(ProgressReports::NewStub(reports_channels[i]));
  }

  // One agency per slot, each with its token, its period-1 draft and that draft's etag.
  const int slots = absl::GetFlag(FLAGS_in_flight);
  const std::vector<std::string> codes = svcup::bench::ReportingAgencies(*plans[0]);
  if (slots > static_cast<int>(codes.size())) {
    std::cerr << "--in_flight: at most " << codes.size() << " (one agency per call in flight)\n";
    return 2;
  }
  std::vector<std::string> tokens(slots), names(slots), etags(slots);
  for (int s = 0; s < slots; ++s) {
    tokens[s] = *svcup::MintToken(*key, {codes[s], svcup::v1::ROLE_AGENCY_STAFF, "bench",
                                         absl::Now(), absl::Now() + absl::Hours(1)});
    names[s] = absl::StrCat("orgs/", codes[s], "/reports/2018-1");
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + tokens[s]);
    svcup::v1::CreateReportRequest create;
    create.set_parent("orgs/" + codes[s]);
    create.set_year(2018);
    create.set_period(1);
    *create.mutable_content() = svcup::bench::DraftContent(0);
    create.set_request_id("bench-create-" + codes[s]);
    svcup::v1::ProgressReport report;
    const grpc::Status status = reports[0]->CreateReport(&context, create, &report);
    if (!status.ok()) {
      std::cerr << codes[s] << ": " << status.error_message() << "\n";
      return 1;
    }
    etags[s] = report.etag();
  }
  // The echo carries as many bytes as a GetReport answer does.
  svcup::v1::ProgressReport sample;
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + tokens[0]);
    svcup::v1::GetReportRequest get;
    get.set_name(names[0]);
    (void)reports[0]->GetReport(&context, get, &sample);
  }
  const std::string payload(sample.ByteSizeLong(), 'x');

  std::vector<Outcome> outcomes;
  // Runs a scenario if --scenarios selects it.
  const auto run = [&](const std::string& name, const IssueCall& issue) {
    if (Selected(name)) outcomes.push_back(Drive(name, issue));
  };
  run("Echo", [&](int, int c, std::function<void(grpc::Status)> done) {
    auto call = NewCall<svcup::internal::EchoMessage, svcup::internal::EchoMessage>("");
    call->request.set_payload(payload);
    Start(
        std::move(call),
        [&, c](auto* ctx, auto* req, auto* resp, auto cb) {
          echo[c]->async()->Echo(ctx, req, resp, std::move(cb));
        },
        std::function<void(grpc::Status, const svcup::internal::EchoMessage&)>(
            [done](grpc::Status s, const auto&) { done(s); }));
  });
  run("GetReport",
      [&](int slot, int c, std::function<void(grpc::Status)> done) {
        auto call = NewCall<svcup::v1::GetReportRequest, svcup::v1::ProgressReport>(tokens[slot]);
        call->request.set_name(names[slot]);
        Start(
            std::move(call),
            [&, c](auto* ctx, auto* req, auto* resp, auto cb) {
              reports[c]->async()->GetReport(ctx, req, resp, std::move(cb));
            },
            std::function<void(grpc::Status, const svcup::v1::ProgressReport&)>(
                [done](grpc::Status s, const auto&) { done(s); }));
      });
  run("ListOrganisations",
      [&](int, int c, std::function<void(grpc::Status)> done) {
        auto call =
            NewCall<svcup::v1::ListOrganisationsRequest, svcup::v1::ListOrganisationsResponse>("");
        Start(
            std::move(call),
            [&, c](auto* ctx, auto* req, auto* resp, auto cb) {
              plans[c]->async()->ListOrganisations(ctx, req, resp, std::move(cb));
            },
            std::function<void(grpc::Status, const svcup::v1::ListOrganisationsResponse&)>(
                [done](grpc::Status s, const auto&) { done(s); }));
      });
  const std::string published = PublishExecutionPlan(*plans[0], *key, codes[0]);
  run("GetExecutionPlan",
      [&](int, int c, std::function<void(grpc::Status)> done) {
        // Published plans are public: no credentials.
        auto call = NewCall<svcup::v1::GetExecutionPlanRequest, svcup::v1::ExecutionPlan>("");
        call->request.set_name(published);
        Start(
            std::move(call),
            [&, c](auto* ctx, auto* req, auto* resp, auto cb) {
              plans[c]->async()->GetExecutionPlan(ctx, req, resp, std::move(cb));
            },
            std::function<void(grpc::Status, const svcup::v1::ExecutionPlan&)>(
                [done](grpc::Status s, const auto&) { done(s); }));
      });
  // The completeness of a supervisory office, as its reviewer asks, and of the whole tree, as a
  // ministry officer asks.
  const std::string supervisor = absl::GetFlag(FLAGS_supervisor);
  const auto completeness = [&](const std::string& token, const std::string& recipient,
                                bool whole_tree) -> IssueCall {
    return [&, token, recipient, whole_tree](int, int c, std::function<void(grpc::Status)> done) {
      auto call = NewCall<svcup::v1::GetCompletenessRequest, svcup::v1::Completeness>(token);
      call->request.set_recipient(recipient);
      call->request.set_year(2018);
      call->request.set_period(1);
      call->request.set_whole_tree(whole_tree);
      Start(
          std::move(call),
          [&, c](auto* ctx, auto* req, auto* resp, auto cb) {
            reports[c]->async()->GetCompleteness(ctx, req, resp, std::move(cb));
          },
          std::function<void(grpc::Status, const svcup::v1::Completeness&)>(
              [done](grpc::Status s, const auto&) { done(s); }));
    };
  };
  const auto mint = [&](const std::string& recipient, svcup::v1::Role role) {
    return *svcup::MintToken(
        *key, {recipient.substr(5), role, "bench", absl::Now(), absl::Now() + absl::Hours(1)});
  };
  run("GetCompleteness",
      completeness(mint(supervisor, svcup::v1::ROLE_SUPERVISOR_REVIEWER), supervisor, false));
  run("GetTreeCompleteness",
      completeness(mint("orgs/moj", svcup::v1::ROLE_MINISTRY_OFFICER), "orgs/moj", true));
  std::vector<int> versions(slots, 0);
  run("UpdateReport", [&](int slot, int c, std::function<void(grpc::Status)> done) {
    auto call = NewCall<svcup::v1::UpdateReportRequest, svcup::v1::ProgressReport>(tokens[slot]);
    call->request.set_name(names[slot]);
    *call->request.mutable_content() = svcup::bench::DraftContent(++versions[slot]);
    call->request.set_etag(etags[slot]);
    call->request.set_request_id(absl::StrCat("bench-", codes[slot], "-", versions[slot]));
    Start(
        std::move(call),
        [&, c](auto* ctx, auto* req, auto* resp, auto cb) {
          reports[c]->async()->UpdateReport(ctx, req, resp, std::move(cb));
        },
        std::function<void(grpc::Status, const svcup::v1::ProgressReport&)>(
            [&, slot, done](grpc::Status s, const svcup::v1::ProgressReport& report) {
              if (s.ok()) etags[slot] = report.etag();  // a slot's calls are sequential
              done(s);
            }));
  });
  PrintAndWrite(outcomes);
  return 0;
}
