// The suite measured against the floor of its stack, in one run: a bare gRPC echo server on the
// same build and settings (bench/echo_server.cc) and the reports and plans services, each
// driven with the same connections and calls in flight through the callback client API (no
// thread per call). Prints each scenario's calls/s, its ratio to the echo, p50/p90/p99/max and
// the errors by status code, and writes the same as JSON (--json_out) for scripts/bench.
//
//   build/bench/floor_bench --echo_addr=H:P --plans_addr=H:P --reports_addr=H:P
//       --signing_key_file=issuer.key [--connections=4] [--in_flight=64] [--duration=5s]
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
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
#include "bench/async_calls.h"
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
ABSL_FLAG(int, completeness_page_size, 100,
          "GetCompleteness: agency lines per answer (a dashboard's page; the totals cover all)");
ABSL_FLAG(std::string, scenarios, "",
          "Only these scenarios, comma-separated (default: all; Echo always runs first)");

namespace {

using svcup::bench::Channels;
using svcup::bench::NewCall;
using svcup::bench::Outcome;
using svcup::bench::OutcomeJson;
using svcup::bench::Start;
using svcup::bench::Summarise;
using svcup::bench::TableHeader;
using svcup::bench::TableRow;
using svcup::v1::PlanRegistry;
using svcup::v1::ProgressReports;

// Starts one call for slot `slot` on connection `connection`, and calls `done` with its status
// when it completes (on a gRPC thread).
using IssueCall =
    std::function<void(int slot, int connection, std::function<void(grpc::Status)> done)>;

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

// A call of the generic stub: its context, encoded request and undecoded answer.
struct RawCall {
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
};

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
  return Summarise(name, std::move(latencies), absl::ToDoubleSeconds(absl::Now() - start),
                   std::move(errors));
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
  const svcup::v1::CreateExecutionPlanRequest create = svcup::bench::ExecutionPlanDraft(code);
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
  std::cout << TableHeader();
  std::vector<std::string> json;
  for (const Outcome& o : outcomes) {
    std::cout << TableRow(o, echo);
    json.push_back(OutcomeJson(o, echo));
  }
  if (const std::string out = absl::GetFlag(FLAGS_json_out); !out.empty()) {
    std::ofstream(out) << absl::StrCat(
        "{\"in_flight\": ", absl::GetFlag(FLAGS_in_flight),
        ", \"connections\": ", absl::GetFlag(FLAGS_connections),
        ", \"duration_s\": ", absl::ToDoubleSeconds(absl::GetFlag(FLAGS_duration)),
        ", \"scenarios\": [", absl::StrJoin(json, ", "), "]}\n");
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
  const int connections = absl::GetFlag(FLAGS_connections);
  const auto echo_channels = Channels(absl::GetFlag(FLAGS_echo_addr), connections);
  const auto plans_channels = Channels(absl::GetFlag(FLAGS_plans_addr), connections);
  const auto reports_channels = Channels(absl::GetFlag(FLAGS_reports_addr), connections);
  std::vector<std::unique_ptr<PlanRegistry::Stub>> plans;
  std::vector<std::unique_ptr<ProgressReports::Stub>> reports;
  for (int i = 0; i < absl::GetFlag(FLAGS_connections); ++i) {
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
    grpc::Status status = reports[0]->CreateReport(&context, create, &report);
    // A run after another (or after the yearly cycle) finds the report there: read its etag.
    if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) status = grpc::Status::OK;
    grpc::ClientContext get_context;
    get_context.AddMetadata("authorization", "Bearer " + tokens[s]);
    svcup::v1::GetReportRequest get;
    get.set_name(names[s]);
    if (status.ok()) status = reports[0]->GetReport(&get_context, get, &report);
    if (!status.ok()) {
      std::cerr << codes[s] << ": " << status.error_message() << "\n";
      return 1;
    }
    etags[s] = report.etag();
  }
  // Each run's updates have their own request ids.
  const std::string run_id = absl::StrCat(absl::ToUnixMillis(absl::Now()));
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
  // Reads are made as an HTTP/2 load tool makes them: each request encoded once, each answer
  // received but not decoded (the echo's as well), so that decoding in the client, which
  // shares the machine, does not take the CPU the services are measured on.
  const auto generic_stubs = [&](const std::vector<std::shared_ptr<grpc::Channel>>& channels) {
    std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
    for (const auto& channel : channels)
      stubs.push_back(std::make_unique<grpc::GenericStub>(channel));
    return stubs;
  };
  const auto echo_raw = generic_stubs(echo_channels);
  const auto plans_raw = generic_stubs(plans_channels);
  const auto reports_raw = generic_stubs(reports_channels);
  // `method` of the stubs with the request of each slot (`request(slot)`, encoded) and token.
  const auto read = [&](const std::vector<std::unique_ptr<grpc::GenericStub>>& stubs,
                        std::string method,
                        std::function<const google::protobuf::Message&(int slot)> request,
                        std::function<std::string(int slot)> token) -> IssueCall {
    auto encoded = std::make_shared<std::vector<std::string>>();
    for (int slot = 0; slot < slots; ++slot) encoded->push_back(request(slot).SerializeAsString());
    return
        [&stubs, method, encoded, token](int slot, int c, std::function<void(grpc::Status)> done) {
          auto* call = new RawCall;
          call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
          if (const std::string t = token(slot); !t.empty()) {
            call->context.AddMetadata("authorization", "Bearer " + t);
          }
          grpc::Slice slice((*encoded)[slot]);
          call->request = grpc::ByteBuffer(&slice, 1);
          stubs[c]->UnaryCall(&call->context, method, grpc::StubOptions(), &call->request,
                              &call->response, [call, done](grpc::Status status) {
                                delete call;
                                done(status);
                              });
        };
  };
  const auto nobody = [](int) { return std::string(); };
  // The echo of `bytes`: the floor for an answer of that size.
  const auto echo_of = [&](std::string bytes) -> IssueCall {
    auto message = std::make_shared<svcup::internal::EchoMessage>();
    message->set_payload(bytes);
    return read(
        echo_raw, "/svcup.internal.Echo/Echo",
        [message](int) -> const google::protobuf::Message& { return *message; }, nobody);
  };
  run("Echo", echo_of(payload));
  std::vector<svcup::v1::GetReportRequest> get_reports(slots);
  for (int slot = 0; slot < slots; ++slot) get_reports[slot].set_name(names[slot]);
  run("GetReport",
      read(
          reports_raw, "/svcup.v1.ProgressReports/GetReport",
          [&](int slot) -> const google::protobuf::Message& { return get_reports[slot]; },
          [&](int slot) { return tokens[slot]; }));
  const svcup::v1::ListOrganisationsRequest first_page_request;
  run("ListOrganisations",
      read(
          plans_raw, "/svcup.v1.PlanRegistry/ListOrganisations",
          [&](int) -> const google::protobuf::Message& { return first_page_request; }, nobody));
  // The echo of an answer as large as the first page of organisations, for comparison.
  svcup::v1::ListOrganisationsResponse first_page;
  {
    grpc::ClientContext context;
    (void)plans[0]->ListOrganisations(&context, first_page_request, &first_page);
  }
  run("Echo (organisations page)", echo_of(std::string(first_page.ByteSizeLong(), 'x')));
  svcup::v1::GetExecutionPlanRequest get_plan;
  get_plan.set_name(PublishExecutionPlan(*plans[0], *key, codes[0]));
  run("GetExecutionPlan",  // published plans are public: no credentials
      read(
          plans_raw, "/svcup.v1.PlanRegistry/GetExecutionPlan",
          [&](int) -> const google::protobuf::Message& { return get_plan; }, nobody));
  // The completeness of a supervisory office, as its reviewer asks, and of the whole tree, as a
  // ministry officer asks.
  const std::string supervisor = absl::GetFlag(FLAGS_supervisor);
  const auto completeness = [&](const std::string& token, const std::string& recipient,
                                bool whole_tree) -> IssueCall {
    auto request = std::make_shared<svcup::v1::GetCompletenessRequest>();
    request->set_recipient(recipient);
    request->set_year(2018);
    request->set_period(1);
    request->set_whole_tree(whole_tree);
    request->set_page_size(absl::GetFlag(FLAGS_completeness_page_size));
    return read(
        reports_raw, "/svcup.v1.ProgressReports/GetCompleteness",
        [request](int) -> const google::protobuf::Message& { return *request; },
        [token](int) { return token; });
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
    call->request.set_request_id(
        absl::StrCat("bench-", run_id, "-", codes[slot], "-", versions[slot]));
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
