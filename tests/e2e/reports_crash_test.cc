// Crashes under load, with the real binaries. Agencies submit reports and send reading batches
// with request ids and batch ids, retrying what is refused UNAVAILABLE as clients do. Mid-way
// either the reports service itself is killed with SIGKILL and restarted (on both backends), or,
// on PostgreSQL, the database server's postmaster is killed and restarted while the service
// keeps running. Checked: nothing acknowledged is lost, nothing is stored twice, and the service
// never answered OK for what it did not keep. Each test prints its counts.
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "absl/strings/str_replace.h"
#include "common/api/names.h"
#include "svcup/v1/reviews.grpc.pb.h"
#include "tests/testing/child_process.h"
#include "tests/testing/reports_fixture.h"

namespace svcup {
namespace {

using testing::Context;

const std::vector<std::string>& Agencies() {
  static const auto* agencies = new std::vector<std::string>{
      "dpo-taipei",  "dpo-new-taipei", "dpo-shilin",    "dpo-taoyuan",  "dpo-hsinchu",
      "dpo-miaoli",  "dpo-taichung",   "dpo-nantou",    "dpo-changhua", "dpo-yunlin",
      "dpo-chiayi",  "dpo-tainan",     "dpo-kaohsiung", "dpo-ciaotou",  "dpo-pingtung",
      "dpo-taitung", "dpo-hualien",    "dpo-yilan",     "dpo-keelung",  "dpo-penghu",
      "dpo-kinmen",  "dpo-lienchiang"};
  return *agencies;
}

// Drives the agencies at the reports service whose address `address()` gives (it changes when
// the service restarts), four at a time: both periods' reports and a reading batch each.
class CrashLoad {
 public:
  // `reviews` (optional) is the reviews service's address: each acknowledged submission is then
  // also accepted there by the agency's supervisor, with a request id.
  explicit CrashLoad(std::function<std::string()> address, std::string reviews = "")
      : address_(std::move(address)), reviews_address_(std::move(reviews)) {}

  // Starts the load; returns at once.
  void Start() {
    for (int w = 0; w < 4; ++w) workers_.emplace_back([this, w] { Drive(w); });
  }
  // Waits until half the agencies have begun.
  void AwaitHalfway() {
    while (started_ < static_cast<int>(Agencies().size()) / 2) {
      absl::SleepFor(absl::Milliseconds(5));
    }
  }
  // Waits for the load to end.
  void Join() {
    for (auto& t : workers_) t.join();
  }

  // Reports whose submission was acknowledged, agencies whose batch was, revisions whose review
  // was.
  std::vector<std::string> submitted;
  std::vector<std::string> recorded;
  std::vector<std::string> reviewed;
  // Calls answered UNAVAILABLE (retried), and when the last such answer came.
  std::atomic<int> unavailable{0};
  std::atomic<int64_t> last_refusal_micros{0};

 private:
  std::unique_ptr<v1::ProgressReports::Stub> Stub() {
    return v1::ProgressReports::NewStub(
        grpc::CreateChannel(address_(), grpc::InsecureChannelCredentials()));
  }

  // Calls `call` until it answers other than UNAVAILABLE (or 60 s pass).
  grpc::Status Retrying(const std::function<grpc::Status()>& call) {
    const absl::Time deadline = absl::Now() + absl::Seconds(60);
    grpc::Status status = call();
    while (status.error_code() == grpc::StatusCode::UNAVAILABLE && absl::Now() < deadline) {
      ++unavailable;
      last_refusal_micros = absl::ToUnixMicros(absl::Now());
      absl::SleepFor(absl::Milliseconds(100));
      status = call();
    }
    return status;
  }
  // The same with a fresh stub of the reports service each time (its address may change).
  grpc::Status UntilAnswered(const std::function<grpc::Status(v1::ProgressReports::Stub&)>& call) {
    return Retrying([&] { return call(*Stub()); });
  }

  // The supervisor (the report's recipient) accepts `revision` through the reviews service.
  void Review(const v1::ReportRevision& revision) {
    auto reviews = v1::Reviews::NewStub(
        grpc::CreateChannel(reviews_address_, grpc::InsecureChannelCredentials()));
    const std::string reviewer =
        testing::TokenFor(std::string(OrganisationCodeOf(revision.recipient())),
                          v1::ROLE_SUPERVISOR_REVIEWER, absl::Now());
    v1::CreateReviewRequest request;
    request.set_revision(revision.name());
    request.set_content_digest(revision.content_digest());
    request.set_overall_opinion("整體執行良好");
    request.set_rating(v1::RATING_GOOD);
    request.set_decision(v1::REVIEW_DECISION_ACCEPT);
    request.set_request_id(
        absl::StrCat("review-", absl::StrReplaceAll(revision.name(), {{"/", "."}})));
    v1::Review review;
    const grpc::Status status =
        Retrying([&] { return reviews->CreateReview(Context(reviewer).get(), request, &review); });
    if (status.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      reviewed.push_back(revision.name());
    } else {
      ADD_FAILURE() << "review of " << revision.name() << ": " << status.error_message();
    }
  }

  void Drive(int worker) {
    for (size_t a = worker; a < Agencies().size(); a += 4) {
      const std::string& org = Agencies()[a];
      const std::string staff = testing::TokenFor(org, v1::ROLE_AGENCY_STAFF, absl::Now());
      ++started_;
      for (int period = 1; period <= 2; ++period) {
        v1::CreateReportRequest create;
        create.set_parent("orgs/" + org);
        create.set_year(2018);
        create.set_period(period);
        *create.mutable_content() = testing::CompleteReport(period);
        create.set_request_id(absl::StrCat("create-", org, "-", period));
        v1::ProgressReport draft;
        if (!UntilAnswered([&](auto& stub) {
               return stub.CreateReport(Context(staff).get(), create, &draft);
             }).ok()) {
          continue;  // refused for a reason of its own: not acknowledged
        }
        v1::SubmitReportRequest submit;
        submit.set_name(draft.name());
        submit.set_etag(draft.etag());
        submit.set_request_id(absl::StrCat("submit-", org, "-", period));
        v1::ReportRevision revision;
        if (UntilAnswered([&](auto& stub) {
              return stub.SubmitReport(Context(staff).get(), submit, &revision);
            }).ok()) {
          {
            std::lock_guard<std::mutex> lock(mu_);
            submitted.push_back(draft.name());
          }
          if (!reviews_address_.empty()) Review(revision);
        }
        absl::SleepFor(absl::Milliseconds(50));  // spread the work across the crash
      }
      v1::RecordReadingsRequest batch;
      batch.set_organisation("orgs/" + org);
      batch.set_batch_id("crash-batch");
      for (int i = 0; i < 5; ++i) {
        auto* r = batch.add_readings();
        r->set_indicator("visitors");
        r->set_value(i);
        *r->mutable_time() = ToTimestamp(StartOfTaipeiDay(absl::CivilDay(2018, 4, 1 + i)));
      }
      if (UntilAnswered([&](auto& stub) {
            v1::RecordReadingsResponse response;
            auto context = Context(staff);
            auto writer = stub.RecordReadings(context.get(), &response);
            writer->Write(batch);
            writer->WritesDone();
            return writer->Finish();
          }).ok()) {
        std::lock_guard<std::mutex> lock(mu_);
        recorded.push_back(org);
      }
    }
  }

  std::function<std::string()> address_;
  const std::string reviews_address_;
  std::atomic<int> started_{0};
  std::mutex mu_;
  std::vector<std::thread> workers_;
};

// Everything `load` saw acknowledged, read back through `stub`: each report with exactly one
// revision, each batch's five readings counted once. Prints `what` and the counts.
void ExpectNothingLostOrDoubled(v1::ProgressReports::Stub& stub, const CrashLoad& load,
                                absl::Time crashed, const std::string& what,
                                v1::Reviews::Stub* reviews = nullptr) {
  const std::string officer = testing::TokenFor("moj", v1::ROLE_MINISTRY_OFFICER, absl::Now());
  int found = 0, duplicated = 0, readings_found = 0, readings_doubled = 0;
  for (const std::string& report : load.submitted) {
    v1::ListReportRevisionsRequest list;
    list.set_parent(report);
    v1::ListReportRevisionsResponse revisions;
    ASSERT_TRUE(stub.ListReportRevisions(Context(officer).get(), list, &revisions).ok());
    found += revisions.revisions_size() >= 1;
    duplicated += std::max(0, revisions.revisions_size() - 1);
  }
  for (const std::string& org : load.recorded) {
    v1::GetIndicatorSummaryRequest request;
    request.set_organisation("orgs/" + org);
    request.set_year(2018);
    request.set_period(1);
    v1::IndicatorSummary summary;
    ASSERT_TRUE(stub.GetIndicatorSummary(Context(officer).get(), request, &summary).ok());
    const int count = summary.aggregates_size() == 1 ? summary.aggregates(0).count() : 0;
    readings_found += count >= 5;
    readings_doubled += count > 5;
  }
  EXPECT_EQ(found, static_cast<int>(load.submitted.size()));
  EXPECT_EQ(duplicated, 0);
  // The event log is whole: one submission event per acknowledged submission, in order.
  std::map<std::string, int> events;
  int64_t previous = 0;
  int out_of_order = 0;
  {
    v1::WatchReportEventsRequest watch;
    watch.set_recipient("orgs/moj");
    watch.set_whole_tree(true);
    auto context = Context(officer);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    auto stream = stub.WatchReportEvents(context.get(), watch);
    v1::ReportEvent event;
    while (stream->Read(&event)) {
      out_of_order += event.sequence() <= previous;
      previous = event.sequence();
      if (event.type() == v1::REPORT_EVENT_TYPE_SUBMITTED) ++events[event.report()];
      if (events.size() == load.submitted.size()) break;
    }
    context->TryCancel();
    stream->Finish().IgnoreError();
  }
  int events_missing = 0, events_doubled = 0;
  for (const std::string& report : load.submitted) {
    events_missing += events[report] == 0;
    events_doubled += events[report] > 1;
  }
  EXPECT_EQ(events_missing, 0);
  EXPECT_EQ(events_doubled, 0);
  EXPECT_EQ(out_of_order, 0);
  // Each acknowledged review, exactly once.
  std::map<std::string, int> reviews_of;
  if (reviews != nullptr) {
    for (int period = 1; period <= 2; ++period) {
      v1::ListReviewsRequest list;
      list.set_year(2018);
      list.set_period(period);
      list.set_page_size(500);
      v1::ListReviewsResponse page;
      const grpc::Status listed = reviews->ListReviews(Context(officer).get(), list, &page);
      ASSERT_TRUE(listed.ok()) << listed.error_message();
      for (const v1::Review& review : page.reviews()) ++reviews_of[review.revision()];
    }
  }
  int reviews_missing = 0, reviews_doubled = 0;
  for (const std::string& revision : load.reviewed) {
    reviews_missing += reviews_of[revision] == 0;
    reviews_doubled += reviews_of[revision] > 1;
  }
  EXPECT_EQ(reviews_missing, 0);
  EXPECT_EQ(reviews_doubled, 0);
  EXPECT_EQ(readings_found, static_cast<int>(load.recorded.size()));
  EXPECT_EQ(readings_doubled, 0);
  EXPECT_GE(load.submitted.size(), Agencies().size());  // most of the 44 went through
  EXPECT_GT(load.unavailable.load(), 0) << "the crash was not noticed: the test proved nothing";
  const absl::Duration outage = absl::FromUnixMicros(load.last_refusal_micros) - crashed;
  std::cout << what << ": " << load.submitted.size() << " submissions acknowledged, " << found
            << " found, " << (load.submitted.size() - found) << " lost, " << duplicated
            << " duplicated; " << load.recorded.size() << " reading batches acknowledged, "
            << readings_found << " found, " << readings_doubled << " doubled; "
            << (reviews == nullptr
                    ? std::string()
                    : absl::StrCat(load.reviewed.size(), " reviews acknowledged, ", reviews_missing,
                                   " missing, ", reviews_doubled, " doubled; "))
            << "event log: " << events_missing << " missing, " << events_doubled << " doubled, "
            << out_of_order << " out of order; " << load.unavailable.load()
            << " calls answered UNAVAILABLE; writes succeeded again "
            << absl::FormatDuration(absl::Ceil(outage, absl::Milliseconds(100)))
            << " after the kill\n";
}

// The reports service killed with SIGKILL mid-way and restarted (on the backend of the run).
TEST(ReportsCrashTest, AKilledServiceLosesNothingAcknowledged) {
  testing::TempDir dir;
  testing::WriteTestKeys(dir.path());
  testing::RunningService plans = testing::StartService(SVCUP_PLANS_BINARY, "plans", dir.path());
  ASSERT_NE(plans.ports.grpc, 0);
  const std::vector<std::string> args = {absl::StrCat("--plans_addr=127.0.0.1:", plans.ports.grpc),
                                         "--rate_limit_per_second=0"};
  testing::RunningService reports =
      testing::StartService(SVCUP_REPORTS_BINARY, "reports", dir.path(), args);
  ASSERT_NE(reports.ports.grpc, 0);
  std::atomic<int> port{reports.ports.grpc};
  CrashLoad load([&] { return absl::StrCat("127.0.0.1:", port.load()); });
  load.Start();
  load.AwaitHalfway();
  reports.process->Signal(SIGKILL);
  const absl::Time killed = absl::Now();
  ASSERT_EQ(reports.process->Wait(absl::Seconds(10)), 128 + SIGKILL);
  reports = testing::StartService(SVCUP_REPORTS_BINARY, "reports", dir.path(), args);
  ASSERT_NE(reports.ports.grpc, 0);
  port = reports.ports.grpc;
  load.Join();
  auto stub = v1::ProgressReports::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port.load()), grpc::InsecureChannelCredentials()));
  ExpectNothingLostOrDoubled(
      *stub, load, killed,
      testing::TestOnPostgres() ? "service crash (PostgreSQL)" : "service crash (SQLite)");
}

// A cluster of its own (the run's shared one must not be killed under other tests), through
// scripts/postgres: `start` a plain one, `start-primary` one waiting for a synchronous standby,
// "" a directory for a standby that its primary starts.
class CrashableCluster {
 public:
  explicit CrashableCluster(const std::string& name, const std::string& start = "start")
      : dir_(absl::StrCat("/tmp/svcup-crash-", name, "-", getpid())) {
    if (!start.empty()) Script(start);
    url_ = ReadUrl(dir_);
  }
  ~CrashableCluster() { Script("stop"); }
  const std::string& url() const { return url_; }
  bool Kill() { return Script("kill"); }
  bool Restart() { return Script("restart"); }
  bool Promote() { return Script("promote"); }
  // Starts a streaming standby of this cluster in `standby`'s directory.
  bool StartStandby(CrashableCluster& standby) {
    if (!Script("start-standby", standby.dir_)) return false;
    standby.url_ = ReadUrl(standby.dir_);
    return true;
  }

 private:
  static std::string ReadUrl(const std::string& dir) {
    std::string url;
    std::ifstream in(dir + "/url");
    std::getline(in, url);
    return url;
  }
  bool Script(const std::string& verb, const std::string& extra = "") {
    return std::system(absl::StrCat(SVCUP_SOURCE_DIR, "/scripts/postgres ", verb, " ", dir_, " ",
                                    extra, " >/dev/null")
                           .c_str()) == 0;
  }
  std::string dir_;
  std::string url_;
};

// PostgreSQL's postmaster killed with SIGKILL mid-way and restarted; the service keeps running.
TEST(ReportsCrashTest, AKilledDatabaseServerLosesNothingAcknowledged) {
  if (testing::TestOnPostgres()) GTEST_SKIP() << "starts clusters of its own: run once";
  testing::TempDir dir;
  testing::WriteTestKeys(dir.path());
  CrashableCluster cluster("pg");
  ASSERT_FALSE(cluster.url().empty());
  testing::RunningService plans = testing::StartService(SVCUP_PLANS_BINARY, "plans", dir.path());
  ASSERT_NE(plans.ports.grpc, 0);
  testing::RunningService reports = testing::StartService(
      SVCUP_REPORTS_BINARY, "reports", dir.path(),
      {absl::StrCat("--plans_addr=127.0.0.1:", plans.ports.grpc),
       "--database_url=" + cluster.url() + "?connect_timeout=2", "--rate_limit_per_second=0"});
  ASSERT_NE(reports.ports.grpc, 0);
  const std::string address = absl::StrCat("127.0.0.1:", reports.ports.grpc);
  CrashLoad load([&] { return address; });
  load.Start();
  load.AwaitHalfway();
  ASSERT_TRUE(cluster.Kill());
  const absl::Time killed = absl::Now();
  absl::SleepFor(absl::Seconds(1));
  ASSERT_TRUE(cluster.Restart());
  load.Join();
  // Read back by the same binary, never restarted.
  auto stub = v1::ProgressReports::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  ExpectNothingLostOrDoubled(*stub, load, killed, "database server crash");
}

// Failover: a primary with a synchronous standby; the primary's postmaster is killed mid-way and
// the standby promoted. The service, given both hosts with target_session_attrs=read-write,
// finds the new primary by itself; every acknowledged write is on it, exactly once.
TEST(ReportsCrashTest, FailoverToTheSynchronousStandbyLosesNothingAcknowledged) {
  if (testing::TestOnPostgres()) GTEST_SKIP() << "starts clusters of its own: run once";
  testing::TempDir dir;
  testing::WriteTestKeys(dir.path());
  CrashableCluster primary("primary", "start-primary");
  CrashableCluster standby("standby", "");
  ASSERT_FALSE(primary.url().empty());
  ASSERT_TRUE(primary.StartStandby(standby));
  const auto host = [](const std::string& url) {  // "127.0.0.1:PORT"
    const size_t at = url.find('@') + 1;
    return url.substr(at, url.find('/', at) - at);
  };
  const std::string url =
      absl::StrCat("postgresql://svcup@", host(primary.url()), ",", host(standby.url()),
                   "/postgres?target_session_attrs=read-write&connect_timeout=2");
  testing::RunningService plans = testing::StartService(SVCUP_PLANS_BINARY, "plans", dir.path());
  ASSERT_NE(plans.ports.grpc, 0);
  testing::RunningService reports =
      testing::StartService(SVCUP_REPORTS_BINARY, "reports", dir.path(),
                            {absl::StrCat("--plans_addr=127.0.0.1:", plans.ports.grpc),
                             "--database_url=" + url, "--rate_limit_per_second=0"});
  ASSERT_NE(reports.ports.grpc, 0);
  const std::string address = absl::StrCat("127.0.0.1:", reports.ports.grpc);
  testing::RunningService reviews = testing::StartService(
      SVCUP_REVIEWS_BINARY, "reviews", dir.path(),
      {absl::StrCat("--plans_addr=127.0.0.1:", plans.ports.grpc), "--reports_addr=" + address,
       "--database_url=" + url, "--rate_limit_per_second=0"});
  ASSERT_NE(reviews.ports.grpc, 0);
  const std::string reviews_address = absl::StrCat("127.0.0.1:", reviews.ports.grpc);
  CrashLoad load([&] { return address; }, reviews_address);
  load.Start();
  load.AwaitHalfway();
  ASSERT_TRUE(primary.Kill());
  const absl::Time killed = absl::Now();
  ASSERT_TRUE(standby.Promote());
  load.Join();
  auto stub = v1::ProgressReports::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  auto reviews_stub = v1::Reviews::NewStub(
      grpc::CreateChannel(reviews_address, grpc::InsecureChannelCredentials()));
  ExpectNothingLostOrDoubled(*stub, load, killed, "failover to the synchronous standby",
                             reviews_stub.get());
}

}  // namespace
}  // namespace svcup
