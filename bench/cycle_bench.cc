// The whole yearly cycle of a hierarchy, end to end, as its agency systems and supervisory
// offices drive it: every reporting agency drafts, approves and publishes its execution plan,
// then for each of the two periods creates and submits its report, which its supervisor (or the
// ministry) accepts, and every supervisor forwards its package to the ministry. Each step is a
// phase over every agency (or supervisor) with --in_flight calls at once on the callback client
// API; meanwhile --watchers ministry systems watch the whole tree's events.
//
// Prints each phase's calls/s, p50/p90/p99/max and errors, the cycle's total time, and the watch
// streams' delivery (every submission to every watcher, and how long after its
// acknowledgement), and writes the same as JSON (--json_out) for scripts/bench.
//
//   build/bench/cycle_bench --plans_addr=H:P --reports_addr=H:P --reviews_addr=H:P
//       --signing_key_file=issuer.key [--in_flight=64] [--connections=4] [--watchers=8]
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/async_calls.h"
#include "bench/bench_agencies.h"
#include "common/auth/signing_key.h"
#include "common/auth/token.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/grpc_status.h"
#include "svcup/v1/plans.grpc.pb.h"
#include "svcup/v1/reports.grpc.pb.h"
#include "svcup/v1/reviews.grpc.pb.h"

ABSL_FLAG(std::string, plans_addr, "", "The plans service");
ABSL_FLAG(std::string, reports_addr, "", "The reports service");
ABSL_FLAG(std::string, reviews_addr, "", "The reviews service");
ABSL_FLAG(std::string, signing_key_file, "", "The token issuer's signing key");
ABSL_FLAG(int, connections, 4, "Connections (channels) per service");
ABSL_FLAG(int, in_flight, 64, "Calls in flight at any time, spread over the connections");
ABSL_FLAG(int, watchers, 8, "Ministry systems watching the whole tree's events meanwhile");
ABSL_FLAG(std::string, json_out, "", "Also write the results as JSON to this file");

namespace {

using svcup::bench::Call;
using svcup::bench::NewCall;
using svcup::bench::Outcome;
using svcup::bench::ReportingAgency;
using svcup::bench::Start;
namespace v1 = svcup::v1;

// Starts item `item`'s call and calls `done` with its status when it completes.
using Step = std::function<void(int item, int connection, std::function<void(grpc::Status)> done)>;

// Runs `step` once for each of `items` items, --in_flight at a time.
Outcome RunPhase(const std::string& name, int items, const Step& step) {
  const int connections = absl::GetFlag(FLAGS_connections);
  absl::Mutex mu;
  std::vector<double> latencies;
  std::map<std::string, int64_t> errors;
  std::atomic<int> next_item{0};
  int finished = 0;
  const absl::Time start = absl::Now();
  std::function<void()> next = [&] {
    const int item = next_item.fetch_add(1);
    if (item >= items) return;
    const absl::Time began = absl::Now();
    step(item, item % connections, [&, began](grpc::Status status) {
      {
        absl::MutexLock lock(&mu);
        latencies.push_back(absl::ToDoubleMilliseconds(absl::Now() - began));
        if (!status.ok()) {
          if (errors.empty()) std::cerr << name << ": " << status.error_message() << "\n";
          ++errors[svcup::GrpcCodeName(status.error_code())];
        }
        ++finished;
      }
      next();
    });
  };
  for (int slot = 0; slot < absl::GetFlag(FLAGS_in_flight); ++slot) next();
  absl::MutexLock lock(&mu);
  const auto all_done = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) { return finished == items; };
  mu.Await(absl::Condition(&all_done));
  return svcup::bench::Summarise(name, std::move(latencies),
                                 absl::ToDoubleSeconds(absl::Now() - start), std::move(errors));
}

// A ministry system watching every report event of the tree: counts the submissions it is told
// of and how long after their acknowledgement each arrived.
class EventWatcher final : public grpc::ClientReadReactor<v1::ReportEvent> {
 public:
  // `acknowledged` maps "report/revision" to when its SubmitReport was answered (or to
  // InfinitePast while it was not yet); it must outlive the watcher.
  EventWatcher(v1::ProgressReports::Stub& stub, const std::string& token,
               const absl::flat_hash_map<std::string, absl::Time>* acknowledged,
               absl::Mutex* acknowledged_mu)
      : acknowledged_(acknowledged), acknowledged_mu_(acknowledged_mu) {
    context_.AddMetadata("authorization", "Bearer " + token);
    request_.set_recipient("orgs/moj");
    request_.set_whole_tree(true);
    stub.async()->WatchReportEvents(&context_, &request_, this);
    StartRead(&event_);
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    if (event_.type() == v1::REPORT_EVENT_TYPE_SUBMITTED) {
      const absl::Time now = absl::Now();
      const std::string key = absl::StrCat(event_.report(), "/", event_.revision());
      absl::Time acked = absl::InfinitePast();
      {
        absl::MutexLock lock(acknowledged_mu_);
        if (auto it = acknowledged_->find(key); it != acknowledged_->end()) acked = it->second;
      }
      absl::MutexLock lock(&mu_);
      ++submissions_;
      // Told before the submitter heard its answer: no lag.
      lags_ms_.push_back(acked == absl::InfinitePast() || now < acked
                             ? 0.0
                             : absl::ToDoubleMilliseconds(now - acked));
    }
    StartRead(&event_);
  }

  void OnDone(const grpc::Status& status) override {
    absl::MutexLock lock(&mu_);
    status_ = status;
    done_ = true;
  }

  // Ends the stream and waits until it is done.
  void Stop() {
    context_.TryCancel();
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&done_));
  }

  // The submissions it was told of, and how long after their acknowledgement.
  int64_t submissions() {
    absl::MutexLock lock(&mu_);
    return submissions_;
  }
  std::vector<double> lags_ms() {
    absl::MutexLock lock(&mu_);
    return lags_ms_;
  }

 private:
  grpc::ClientContext context_;
  v1::WatchReportEventsRequest request_;
  v1::ReportEvent event_;
  const absl::flat_hash_map<std::string, absl::Time>* acknowledged_;
  absl::Mutex* acknowledged_mu_;
  absl::Mutex mu_;
  int64_t submissions_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<double> lags_ms_ ABSL_GUARDED_BY(mu_);
  grpc::Status status_ ABSL_GUARDED_BY(mu_);
  bool done_ ABSL_GUARDED_BY(mu_) = false;
};

// The report content of `period` (dated within it), ready to submit.
v1::ReportContent PeriodContent(int period) {
  v1::ReportContent content = svcup::bench::DraftContent(period);
  *content.mutable_as_of_date() =
      svcup::DateToProto(period == 1 ? absl::CivilDay(2018, 6, 30) : absl::CivilDay(2018, 12, 31));
  return content;
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
  std::vector<std::unique_ptr<v1::PlanRegistry::Stub>> plans;
  std::vector<std::unique_ptr<v1::ProgressReports::Stub>> reports;
  std::vector<std::unique_ptr<v1::Reviews::Stub>> reviews;
  for (const auto& c : svcup::bench::Channels(absl::GetFlag(FLAGS_plans_addr), connections)) {
    plans.push_back(v1::PlanRegistry::NewStub(c));
  }
  for (const auto& c : svcup::bench::Channels(absl::GetFlag(FLAGS_reports_addr), connections)) {
    reports.push_back(v1::ProgressReports::NewStub(c));
  }
  for (const auto& c : svcup::bench::Channels(absl::GetFlag(FLAGS_reviews_addr), connections)) {
    reviews.push_back(v1::Reviews::NewStub(c));
  }
  const std::vector<ReportingAgency> agencies =
      svcup::bench::ReportingAgenciesWithParents(*plans[0]);
  const int n = static_cast<int>(agencies.size());
  const auto mint = [&](const std::string& code, v1::Role role) {
    return *svcup::MintToken(*key,
                             {code, role, "bench", absl::Now(), absl::Now() + absl::Hours(2)});
  };
  std::vector<std::string> staff(n);
  for (int i = 0; i < n; ++i) staff[i] = mint(agencies[i].code, v1::ROLE_AGENCY_STAFF);
  // The recipients: each agency's parent, once, with its reviewer's token.
  std::vector<std::string> recipients;
  absl::flat_hash_map<std::string, std::string> reviewer;
  for (const ReportingAgency& a : agencies) {
    if (reviewer.contains(a.parent)) continue;
    reviewer[a.parent] = mint(a.parent, v1::ROLE_SUPERVISOR_REVIEWER);
    if (!a.direct) recipients.push_back(a.parent);
  }

  absl::Mutex acknowledged_mu;
  absl::flat_hash_map<std::string, absl::Time> acknowledged;
  std::vector<std::unique_ptr<EventWatcher>> watchers;
  const std::string ministry = mint("moj", v1::ROLE_MINISTRY_OFFICER);
  for (int w = 0; w < absl::GetFlag(FLAGS_watchers); ++w) {
    watchers.push_back(std::make_unique<EventWatcher>(*reports[w % connections], ministry,
                                                      &acknowledged, &acknowledged_mu));
  }

  std::vector<std::string> names(n), etags(n), revisions(n), digests(n);
  std::vector<Outcome> phases;
  const absl::Time cycle_start = absl::Now();
  phases.push_back(RunPhase("CreateExecutionPlan", n, [&](int i, int c, auto done) {
    auto call = NewCall<v1::CreateExecutionPlanRequest, v1::ExecutionPlan>(staff[i]);
    call->request = svcup::bench::ExecutionPlanDraft(agencies[i].code);
    Start(
        std::move(call),
        [&, c](auto* ctx, auto* req, auto* resp, auto cb) {
          plans[c]->async()->CreateExecutionPlan(ctx, req, resp, std::move(cb));
        },
        std::function<void(grpc::Status, const v1::ExecutionPlan&)>(
            [&, i, done](grpc::Status s, const v1::ExecutionPlan& plan) {
              names[i] = plan.name();
              etags[i] = plan.etag();
              done(s);
            }));
  }));
  phases.push_back(RunPhase("ApproveExecutionPlan", n, [&](int i, int c, auto done) {
    auto call = NewCall<v1::ApproveExecutionPlanRequest, v1::ExecutionPlan>(
        mint(agencies[i].code, v1::ROLE_AGENCY_HEAD));
    call->request.set_name(names[i]);
    call->request.set_etag(etags[i]);
    call->request.set_request_id("bench-approve-" + agencies[i].code);
    Start(
        std::move(call),
        [&, c](auto* ctx, auto* req, auto* resp, auto cb) {
          plans[c]->async()->ApproveExecutionPlan(ctx, req, resp, std::move(cb));
        },
        std::function<void(grpc::Status, const v1::ExecutionPlan&)>(
            [&, i, done](grpc::Status s, const v1::ExecutionPlan& plan) {
              etags[i] = plan.etag();
              done(s);
            }));
  }));
  phases.push_back(RunPhase("PublishExecutionPlan", n, [&](int i, int c, auto done) {
    auto call = NewCall<v1::PublishExecutionPlanRequest, v1::ExecutionPlan>(staff[i]);
    call->request.set_name(names[i]);
    call->request.set_etag(etags[i]);
    call->request.add_urls(
        absl::StrCat("https://www.example.gov.tw/", agencies[i].code, "/107-execution-plan.pdf"));
    call->request.set_request_id("bench-publish-" + agencies[i].code);
    Start(
        std::move(call),
        [&, c](auto* ctx, auto* req, auto* resp, auto cb) {
          plans[c]->async()->PublishExecutionPlan(ctx, req, resp, std::move(cb));
        },
        std::function<void(grpc::Status, const v1::ExecutionPlan&)>(
            [done](grpc::Status s, const auto&) { done(s); }));
  }));
  for (int period = 1; period <= 2; ++period) {
    const std::string suffix = absl::StrCat(" (period ", period, ")");
    phases.push_back(RunPhase("CreateReport" + suffix, n, [&, period](int i, int c, auto done) {
      auto call = NewCall<v1::CreateReportRequest, v1::ProgressReport>(staff[i]);
      call->request.set_parent("orgs/" + agencies[i].code);
      call->request.set_year(2018);
      call->request.set_period(period);
      *call->request.mutable_content() = PeriodContent(period);
      call->request.set_request_id(absl::StrCat("bench-create-", agencies[i].code, "-", period));
      Start(
          std::move(call),
          [&, c](auto* ctx, auto* req, auto* resp, auto cb) {
            reports[c]->async()->CreateReport(ctx, req, resp, std::move(cb));
          },
          std::function<void(grpc::Status, const v1::ProgressReport&)>(
              [&, i, done](grpc::Status s, const v1::ProgressReport& report) {
                names[i] = report.name();
                etags[i] = report.etag();
                done(s);
              }));
    }));
    phases.push_back(RunPhase("SubmitReport" + suffix, n, [&, period](int i, int c, auto done) {
      auto call = NewCall<v1::SubmitReportRequest, v1::ReportRevision>(staff[i]);
      call->request.set_name(names[i]);
      call->request.set_etag(etags[i]);
      call->request.set_request_id(absl::StrCat("bench-submit-", agencies[i].code, "-", period));
      Start(
          std::move(call),
          [&, c](auto* ctx, auto* req, auto* resp, auto cb) {
            reports[c]->async()->SubmitReport(ctx, req, resp, std::move(cb));
          },
          std::function<void(grpc::Status, const v1::ReportRevision&)>(
              [&, i, done](grpc::Status s, const v1::ReportRevision& revision) {
                revisions[i] = revision.name();
                digests[i] = revision.content_digest();
                {
                  absl::MutexLock lock(&acknowledged_mu);
                  acknowledged[absl::StrCat(names[i], "/", revision.revision())] = absl::Now();
                }
                done(s);
              }));
    }));
    phases.push_back(RunPhase("CreateReview" + suffix, n, [&, period](int i, int c, auto done) {
      auto call = NewCall<v1::CreateReviewRequest, v1::Review>(reviewer[agencies[i].parent]);
      call->request.set_revision(revisions[i]);
      call->request.set_content_digest(digests[i]);
      call->request.set_overall_opinion("依執行計畫落實推動，准予備查");
      call->request.set_rating(v1::RATING_GOOD);
      call->request.set_decision(v1::REVIEW_DECISION_ACCEPT);
      call->request.set_request_id(absl::StrCat("bench-review-", agencies[i].code, "-", period));
      Start(
          std::move(call),
          [&, c](auto* ctx, auto* req, auto* resp, auto cb) {
            reviews[c]->async()->CreateReview(ctx, req, resp, std::move(cb));
          },
          std::function<void(grpc::Status, const v1::Review&)>(
              [done](grpc::Status s, const auto&) { done(s); }));
    }));
    phases.push_back(RunPhase(
        "ForwardPackage" + suffix, static_cast<int>(recipients.size()),
        [&, period](int i, int c, auto done) {
          auto call =
              NewCall<v1::ForwardPackageRequest, v1::ForwardingPackage>(reviewer[recipients[i]]);
          call->request.set_supervisor("orgs/" + recipients[i]);
          call->request.set_year(2018);
          call->request.set_period(period);
          call->request.set_request_id(absl::StrCat("bench-forward-", recipients[i], "-", period));
          Start(
              std::move(call),
              [&, c](auto* ctx, auto* req, auto* resp, auto cb) {
                reviews[c]->async()->ForwardPackage(ctx, req, resp, std::move(cb));
              },
              std::function<void(grpc::Status, const v1::ForwardingPackage&)>(
                  [done](grpc::Status s, const auto&) { done(s); }));
        }));
  }
  const double cycle_seconds = absl::ToDoubleSeconds(absl::Now() - cycle_start);

  // Every submission, to every watcher: wait (briefly) for the last ones to arrive.
  const int64_t submitted = 2 * static_cast<int64_t>(n);
  const absl::Time patience = absl::Now() + absl::Seconds(10);
  for (auto& w : watchers) {
    while (w->submissions() < submitted && absl::Now() < patience)
      absl::SleepFor(absl::Milliseconds(50));
  }
  std::vector<double> lags;
  int64_t delivered = 0;
  for (auto& w : watchers) {
    w->Stop();
    delivered += w->submissions();
    for (double lag : w->lags_ms()) lags.push_back(lag);
  }
  const Outcome watch = svcup::bench::Summarise("WatchReportEvents (lag)", lags, 1, {});

  std::cout << "the yearly cycle of " << n << " agencies under " << recipients.size()
            << " supervisory offices: " << absl::StrFormat("%.1f", cycle_seconds) << " s\n"
            << svcup::bench::TableHeader();
  std::vector<std::string> json;
  for (const Outcome& o : phases) {
    std::cout << svcup::bench::TableRow(o, 0);
    json.push_back(svcup::bench::OutcomeJson(o, 0));
  }
  std::cout << absl::StrFormat(
      "%d watchers were told of %d of %d submissions; after the acknowledgement: p50 %.2f ms, "
      "p99 %.2f ms, max %.2f ms\n",
      watchers.size(), delivered, submitted * static_cast<int64_t>(watchers.size()), watch.p50_ms,
      watch.p99_ms, watch.max_ms);
  if (const std::string out = absl::GetFlag(FLAGS_json_out); !out.empty()) {
    std::ofstream(out) << absl::StrCat(
        "{\"agencies\": ", n, ", \"supervisors\": ", recipients.size(),
        ", \"cycle_seconds\": ", cycle_seconds, ", \"in_flight\": ", absl::GetFlag(FLAGS_in_flight),
        ", \"watchers\": ", watchers.size(), ", \"watch_delivered\": ", delivered,
        ", \"watch_expected\": ", submitted * static_cast<int64_t>(watchers.size()),
        ", \"watch_lag_p50_ms\": ", watch.p50_ms, ", \"watch_lag_p99_ms\": ", watch.p99_ms,
        ", \"watch_lag_max_ms\": ", watch.max_ms, ", \"phases\": [", absl::StrJoin(json, ", "),
        "]}\n");
  }
  int64_t failed = 0;
  for (const Outcome& o : phases) {
    for (const auto& [code, count] : o.errors) failed += count;
  }
  return failed == 0 ? 0 : 1;
}
