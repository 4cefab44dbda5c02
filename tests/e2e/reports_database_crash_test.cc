// The reports binary on PostgreSQL while the database server crashes: many agencies submit with
// request ids (retrying what is refused, as clients do); half-way the postmaster is killed with
// SIGKILL and restarted. Checked: the service answers UNAVAILABLE meanwhile (never a false OK),
// recovers without a restart of its own, and every acknowledged submission is stored exactly
// once. It prints the counts and the time from the kill until writes succeed again.
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

#include "tests/testing/child_process.h"
#include "tests/testing/reports_fixture.h"

namespace svcup {
namespace {

using testing::Context;

// A cluster of its own (the run's shared one must not be killed under other tests).
class CrashableCluster {
 public:
  CrashableCluster() : dir_(absl::StrCat("/tmp/svcup-crash-pg-", getpid())) {
    Script("start");
    std::ifstream in(dir_ + "/url");
    std::getline(in, url_);
  }
  ~CrashableCluster() { Script("stop"); }
  const std::string& url() const { return url_; }
  bool Kill() { return Script("kill"); }
  bool Restart() { return Script("restart"); }

 private:
  bool Script(const std::string& verb) {
    return std::system(
               absl::StrCat(SVCUP_SOURCE_DIR, "/scripts/postgres ", verb, " ", dir_, " >/dev/null")
                   .c_str()) == 0;
  }
  std::string dir_;
  std::string url_;
};

TEST(ReportsDatabaseCrashTest, AKilledDatabaseServerLosesNothingAcknowledged) {
  testing::TempDir dir;
  testing::WriteTestKeys(dir.path());
  CrashableCluster cluster;
  ASSERT_FALSE(cluster.url().empty());
  testing::RunningService plans = testing::StartService(SVCUP_PLANS_BINARY, "plans", dir.path());
  ASSERT_NE(plans.ports.grpc, 0);
  testing::RunningService reports = testing::StartService(
      SVCUP_REPORTS_BINARY, "reports", dir.path(),
      {absl::StrCat("--plans_addr=127.0.0.1:", plans.ports.grpc),
       "--database_url=" + cluster.url() + "?connect_timeout=2", "--rate_limit_per_second=0"});
  ASSERT_NE(reports.ports.grpc, 0);
  auto stub = v1::ProgressReports::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", reports.ports.grpc), grpc::InsecureChannelCredentials()));
  const std::vector<std::string> agencies = {
      "dpo-taipei",  "dpo-new-taipei", "dpo-shilin",    "dpo-taoyuan",  "dpo-hsinchu",
      "dpo-miaoli",  "dpo-taichung",   "dpo-nantou",    "dpo-changhua", "dpo-yunlin",
      "dpo-chiayi",  "dpo-tainan",     "dpo-kaohsiung", "dpo-ciaotou",  "dpo-pingtung",
      "dpo-taitung", "dpo-hualien",    "dpo-yilan",     "dpo-keelung",  "dpo-penghu",
      "dpo-kinmen",  "dpo-lienchiang"};

  // Calls `call` until it answers something other than UNAVAILABLE (or 60 s pass).
  std::atomic<int> unavailable{0};
  std::atomic<int64_t> last_refusal_micros{0};
  const auto until_answered = [&](const std::function<grpc::Status()>& call) {
    const absl::Time deadline = absl::Now() + absl::Seconds(60);
    grpc::Status status = call();
    while (status.error_code() == grpc::StatusCode::UNAVAILABLE && absl::Now() < deadline) {
      ++unavailable;
      last_refusal_micros = absl::ToUnixMicros(absl::Now());
      absl::SleepFor(absl::Milliseconds(100));
      status = call();
    }
    return status;
  };

  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<int> started{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      for (size_t a = w; a < agencies.size(); a += 4) {
        const std::string& org = agencies[a];
        const std::string staff = testing::TokenFor(org, v1::ROLE_AGENCY_STAFF, absl::Now());
        for (int period = 1; period <= 2; ++period) {
          ++started;
          v1::CreateReportRequest create;
          create.set_parent("orgs/" + org);
          create.set_year(2018);
          create.set_period(period);
          *create.mutable_content() = testing::CompleteReport(period);
          create.set_request_id(absl::StrCat("create-", org, "-", period));
          v1::ProgressReport draft;
          const grpc::Status created = until_answered(
              [&] { return stub->CreateReport(Context(staff).get(), create, &draft); });
          if (!created.ok()) continue;  // refused for a reason of its own: not acknowledged
          v1::SubmitReportRequest submit;
          submit.set_name(draft.name());
          submit.set_etag(draft.etag());
          submit.set_request_id(absl::StrCat("submit-", org, "-", period));
          v1::ReportRevision revision;
          const grpc::Status submitted = until_answered(
              [&] { return stub->SubmitReport(Context(staff).get(), submit, &revision); });
          if (submitted.ok()) {
            std::lock_guard<std::mutex> lock(mu);
            acknowledged.push_back(draft.name());
          }
          absl::SleepFor(absl::Milliseconds(50));  // spread the work across the crash
        }
      }
    });
  }
  while (started < static_cast<int>(agencies.size()) / 2) absl::SleepFor(absl::Milliseconds(5));
  ASSERT_TRUE(cluster.Kill());
  const absl::Time killed = absl::Now();
  absl::SleepFor(absl::Seconds(1));
  ASSERT_TRUE(cluster.Restart());
  for (auto& t : workers) t.join();

  // Every acknowledged submission, exactly once, read back by the same (never restarted) binary.
  const std::string officer = testing::TokenFor("moj", v1::ROLE_MINISTRY_OFFICER, absl::Now());
  int found = 0, duplicated = 0;
  for (const std::string& report : acknowledged) {
    v1::ListReportRevisionsRequest list;
    list.set_parent(report);
    v1::ListReportRevisionsResponse revisions;
    ASSERT_TRUE(stub->ListReportRevisions(Context(officer).get(), list, &revisions).ok());
    found += revisions.revisions_size() >= 1;
    duplicated += std::max(0, revisions.revisions_size() - 1);
  }
  EXPECT_EQ(found, static_cast<int>(acknowledged.size()));
  EXPECT_EQ(duplicated, 0);
  EXPECT_GE(acknowledged.size(), agencies.size());  // most of the 44 went through
  EXPECT_GT(unavailable.load(), 0) << "the crash was not noticed: the test proved nothing";
  const absl::Duration outage = absl::FromUnixMicros(last_refusal_micros) - killed;
  std::cout << "database crash: " << acknowledged.size() << " submissions acknowledged, " << found
            << " found, " << (acknowledged.size() - found) << " lost, " << duplicated
            << " duplicated; " << unavailable.load() << " calls answered UNAVAILABLE; writes "
            << "succeeded again "
            << absl::FormatDuration(absl::Ceil(outage, absl::Milliseconds(100)))
            << " after the kill (the restart took about 1 s of it)\n";
}

}  // namespace
}  // namespace svcup
