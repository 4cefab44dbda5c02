// Two replicas of the real reports binary over one PostgreSQL database, driven at once by many
// agencies: every submission is sent to both replicas at the same moment with one request id;
// two ministry watch streams follow the whole tree, one of them reconnecting to the other
// replica half-way. Checked: every acknowledged submission is stored exactly once, both
// replicas answered the duplicate with the same revision, and each watch stream delivered every
// submission exactly once in sequence order. It prints the counts.
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/testing/child_process.h"
#include "tests/testing/postgres_cluster.h"
#include "tests/testing/reports_fixture.h"

namespace svcup {
namespace {

using testing::Context;

// The agencies of the hierarchy that supervise no one (those that report).
std::vector<std::string> ReportingAgencies(v1::PlanRegistry::Stub& plans) {
  std::vector<v1::Organisation> all;
  v1::ListOrganisationsRequest request;
  request.set_page_size(500);
  v1::ListOrganisationsResponse page;
  grpc::ClientContext context;
  EXPECT_TRUE(plans.ListOrganisations(&context, request, &page).ok());
  all.assign(page.organisations().begin(), page.organisations().end());
  std::vector<std::string> codes;
  for (const auto& o : all) {
    const bool supervises = std::any_of(
        all.begin(), all.end(), [&](const auto& other) { return other.reports_to() == o.name(); });
    if (!supervises && !o.reports_to().empty()) codes.push_back(o.code());
  }
  return codes;
}

// Follows the whole tree's events on `stubs[first]`, switching to the other replica after
// `switch_after` events (0: never), until `expected` have arrived or the deadline passes.
std::vector<v1::ReportEvent> Watch(std::vector<std::unique_ptr<v1::ProgressReports::Stub>>& stubs,
                                   int first, int switch_after, int expected,
                                   const std::atomic<bool>& stop) {
  std::vector<v1::ReportEvent> seen;
  int replica = first;
  bool switched = false;
  const absl::Time deadline = absl::Now() + absl::Seconds(90);
  while (static_cast<int>(seen.size()) < expected && absl::Now() < deadline && !stop) {
    v1::WatchReportEventsRequest request;
    request.set_recipient("orgs/moj");
    request.set_whole_tree(true);
    request.set_after_sequence(seen.empty() ? 0 : seen.back().sequence());
    auto context = Context(testing::TokenFor("moj", v1::ROLE_MINISTRY_OFFICER, absl::Now()));
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    auto stream = stubs[replica]->WatchReportEvents(context.get(), request);
    v1::ReportEvent event;
    while (stream->Read(&event)) {
      seen.push_back(event);
      if (static_cast<int>(seen.size()) >= expected) break;
      if (!switched && switch_after > 0 && static_cast<int>(seen.size()) == switch_after) {
        switched = true;
        replica = 1 - replica;  // reconnect to the other replica, resuming after the last
        break;
      }
    }
    context->TryCancel();
    stream->Finish().IgnoreError();
  }
  return seen;
}

TEST(ReportsReplicasTest, TwoReplicasLoseNothingDuplicateNothingAndKeepEventsInOrder) {
  if (testing::TestOnPostgres()) GTEST_SKIP() << "always on PostgreSQL: run once";
  testing::TempDir dir;
  testing::WriteTestKeys(dir.path());
  testing::RunningService plans = testing::StartService(SVCUP_PLANS_BINARY, "plans", dir.path());
  ASSERT_NE(plans.ports.grpc, 0);
  const std::string url = testing::PostgresCluster::Shared().NewDatabase();
  std::vector<testing::RunningService> replicas;
  std::vector<std::unique_ptr<v1::ProgressReports::Stub>> stubs;
  for (int i = 0; i < 2; ++i) {
    replicas.push_back(
        testing::StartService(SVCUP_REPORTS_BINARY, absl::StrCat("reports", i), dir.path(),
                              {absl::StrCat("--plans_addr=127.0.0.1:", plans.ports.grpc),
                               "--database_url=" + url, "--rate_limit_per_second=0"}));
    ASSERT_NE(replicas.back().ports.grpc, 0) << "replica " << i << " did not start";
    stubs.push_back(v1::ProgressReports::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", replicas.back().ports.grpc),
                            grpc::InsecureChannelCredentials())));
  }
  auto plans_stub = v1::PlanRegistry::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", plans.ports.grpc), grpc::InsecureChannelCredentials()));
  const std::vector<std::string> agencies = ReportingAgencies(*plans_stub);
  ASSERT_GE(agencies.size(), 40u);
  const int expected = static_cast<int>(agencies.size());

  std::atomic<bool> stop{false};
  std::vector<v1::ReportEvent> watched[2];
  std::thread watchers[2] = {
      std::thread([&] { watched[0] = Watch(stubs, 0, expected / 2, expected, stop); }),
      std::thread([&] { watched[1] = Watch(stubs, 1, 0, expected, stop); })};

  // Eight workers; each agency drafts on one replica and submits to both at once.
  std::mutex mu;
  std::map<std::string, std::set<std::string>> answers;  // agency -> revision names answered
  std::atomic<int> acknowledged{0}, failed{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 8; ++w) {
    workers.emplace_back([&, w] {
      for (size_t a = w; a < agencies.size(); a += 8) {
        const std::string& org = agencies[a];
        const std::string staff = testing::TokenFor(org, v1::ROLE_AGENCY_STAFF, absl::Now());
        v1::CreateReportRequest create;
        create.set_parent("orgs/" + org);
        create.set_year(2018);
        create.set_period(1);
        *create.mutable_content() = testing::CompleteReport(1);
        create.set_request_id("create-" + org);
        v1::ProgressReport draft;
        const grpc::Status created =
            stubs[a % 2]->CreateReport(Context(staff).get(), create, &draft);
        if (!created.ok()) {
          ADD_FAILURE() << org << ": " << created.error_message();
          ++failed;
          continue;
        }
        v1::SubmitReportRequest submit;
        submit.set_name(draft.name());
        submit.set_etag(draft.etag());
        submit.set_request_id("submit-" + org);
        v1::ReportRevision revisions[2];
        grpc::Status statuses[2];
        std::thread twins[2];
        for (int r = 0; r < 2; ++r) {
          twins[r] = std::thread([&, r] {
            statuses[r] = stubs[r]->SubmitReport(Context(staff).get(), submit, &revisions[r]);
          });
        }
        for (auto& t : twins) t.join();
        std::lock_guard<std::mutex> lock(mu);
        for (int r = 0; r < 2; ++r) {
          if (statuses[r].ok()) {
            answers[org].insert(revisions[r].name());
          } else {
            ADD_FAILURE() << org << " on replica " << r << ": " << statuses[r].error_message();
          }
        }
        if (statuses[0].ok() || statuses[1].ok()) ++acknowledged;
      }
    });
  }
  for (auto& t : workers) t.join();
  // The watchers end once they have everything; give them a while, then stop them.
  for (int i = 0; i < 150 && (watched[0].empty() || watched[1].empty()); ++i) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  stop = true;
  for (auto& t : watchers) t.join();

  // Every acknowledged submission: one revision, the same answer from both replicas.
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(acknowledged.load(), expected);
  int stored = 0, duplicated = 0;
  for (const std::string& org : agencies) {
    EXPECT_EQ(answers[org],
              std::set<std::string>{absl::StrCat("orgs/", org, "/reports/2018-1/revisions/1")});
    v1::ListReportRevisionsRequest list;
    list.set_parent(absl::StrCat("orgs/", org, "/reports/2018-1"));
    v1::ListReportRevisionsResponse revisions;
    const std::string officer = testing::TokenFor("moj", v1::ROLE_MINISTRY_OFFICER, absl::Now());
    ASSERT_TRUE(stubs[1]->ListReportRevisions(Context(officer).get(), list, &revisions).ok());
    stored += revisions.revisions_size() >= 1;
    duplicated += std::max(0, revisions.revisions_size() - 1);
  }
  EXPECT_EQ(stored, expected);
  EXPECT_EQ(duplicated, 0);

  // Each watch: every submission once, in sequence order, whichever replica wrote it.
  for (int w = 0; w < 2; ++w) {
    std::set<std::string> reports;
    int64_t previous = 0;
    int out_of_order = 0;
    for (const v1::ReportEvent& event : watched[w]) {
      out_of_order += event.sequence() <= previous;
      previous = event.sequence();
      reports.insert(event.report());
    }
    EXPECT_EQ(static_cast<int>(watched[w].size()), expected) << "watch " << w;
    EXPECT_EQ(static_cast<int>(reports.size()), expected) << "watch " << w;
    EXPECT_EQ(out_of_order, 0) << "watch " << w;
    std::cout << "watch " << w << (w == 0 ? " (reconnected to the other replica half-way)" : "")
              << ": " << watched[w].size() << " events, " << reports.size() << " distinct reports, "
              << out_of_order << " out of order\n";
  }
  std::cout << "submissions: " << acknowledged.load() << " acknowledged (each sent to both "
            << "replicas at once), " << stored << " stored, " << duplicated << " duplicated, "
            << (expected - stored) << " lost\n";
}

}  // namespace
}  // namespace svcup
