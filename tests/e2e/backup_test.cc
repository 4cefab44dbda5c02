// Backups under load, with the real binaries: the reports service keeps taking submissions while
// its database is backed up (SQLite: svcup-admin backup, the online backup API; PostgreSQL:
// pg_dump of its schema); the backup is restored into a new place (svcup-admin restore;
// pg_restore), a reports service started on it, and everything acknowledged before the backup
// began is read back. A SQLite backup written by a newer release is refused.
#include <gmock/gmock.h>
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "tests/testing/child_process.h"
#include "tests/testing/reports_fixture.h"

namespace svcup {
namespace {

using testing::Context;

const char* const kAgencies[] = {
    "dpo-taipei",    "dpo-new-taipei", "dpo-shilin",   "dpo-taoyuan",   "dpo-hsinchu", "dpo-miaoli",
    "dpo-taichung",  "dpo-nantou",     "dpo-changhua", "dpo-yunlin",    "dpo-chiayi",  "dpo-tainan",
    "dpo-kaohsiung", "dpo-ciaotou",    "dpo-pingtung", "dpo-taitung",   "dpo-hualien", "dpo-yilan",
    "dpo-keelung",   "dpo-penghu",     "dpo-kinmen",   "dpo-lienchiang"};

// Submits period-1 reports of the agencies in turn on another thread, noting each acknowledged.
class SubmissionLoad {
 public:
  explicit SubmissionLoad(v1::ProgressReports::Stub& stub)
      : stub_(stub), thread_([this] { Run(); }) {}
  ~SubmissionLoad() { Stop(); }

  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  // The reports acknowledged so far.
  std::vector<std::string> Acknowledged() {
    std::lock_guard<std::mutex> lock(mu_);
    return acknowledged_;
  }

 private:
  void Run() {
    for (const char* org : kAgencies) {
      if (stop_) return;
      const std::string staff = testing::TokenFor(org, v1::ROLE_AGENCY_STAFF, absl::Now());
      v1::CreateReportRequest create;
      create.set_parent(absl::StrCat("orgs/", org));
      create.set_year(2018);
      create.set_period(1);
      *create.mutable_content() = testing::CompleteReport(1);
      create.set_request_id(absl::StrCat("create-", org));
      v1::ProgressReport draft;
      if (!stub_.CreateReport(Context(staff).get(), create, &draft).ok()) continue;
      v1::SubmitReportRequest submit;
      submit.set_name(draft.name());
      submit.set_etag(draft.etag());
      submit.set_request_id(absl::StrCat("submit-", org));
      v1::ReportRevision revision;
      if (stub_.SubmitReport(Context(staff).get(), submit, &revision).ok()) {
        std::lock_guard<std::mutex> lock(mu_);
        acknowledged_.push_back(draft.name());
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
  }

  v1::ProgressReports::Stub& stub_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::vector<std::string> acknowledged_;
  std::thread thread_;
};

std::unique_ptr<v1::ProgressReports::Stub> Connect(int port) {
  return v1::ProgressReports::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
}

// How many of `reports` `stub` holds with a revision.
int CountFound(v1::ProgressReports::Stub& stub, const std::vector<std::string>& reports) {
  const std::string officer = testing::TokenFor("moj", v1::ROLE_MINISTRY_OFFICER, absl::Now());
  int found = 0;
  for (const std::string& report : reports) {
    v1::ListReportRevisionsRequest list;
    list.set_parent(report);
    v1::ListReportRevisionsResponse revisions;
    found += stub.ListReportRevisions(Context(officer).get(), list, &revisions).ok() &&
             revisions.revisions_size() == 1;
  }
  return found;
}

int RunCommand(const std::string& command) { return WEXITSTATUS(std::system(command.c_str())); }

// Plans and reports in `dir_` under a submission load; a second data folder to restore into.
class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteTestKeys(dir_.path());
    testing::WriteTestKeys(restored_dir_.path());
    plans_ = testing::StartService(SVCUP_PLANS_BINARY, "plans", dir_.path());
    ASSERT_NE(plans_.ports.grpc, 0);
    plans_addr_ = absl::StrCat("--plans_addr=127.0.0.1:", plans_.ports.grpc);
    reports_ = testing::StartService(SVCUP_REPORTS_BINARY, "reports", dir_.path(), {plans_addr_});
    ASSERT_NE(reports_.ports.grpc, 0);
    stub_ = Connect(reports_.ports.grpc);
    load_ = std::make_unique<SubmissionLoad>(*stub_);
    while (load_->Acknowledged().size() < 8) absl::SleepFor(absl::Milliseconds(10));
  }

  // Starts reports on the restored data and counts how many of `before` it holds; prints what.
  void ExpectRestored(const std::vector<std::string>& before, size_t during,
                      const std::string& what) {
    testing::RunningService restored =
        testing::StartService(SVCUP_REPORTS_BINARY, "reports", restored_dir_.path(), {plans_addr_});
    ASSERT_NE(restored.ports.grpc, 0);
    auto restored_stub = Connect(restored.ports.grpc);
    const int found = CountFound(*restored_stub, before);
    EXPECT_EQ(found, static_cast<int>(before.size()));
    std::cout << what << ": " << before.size() << " submissions acknowledged before it began, "
              << found << " restored; " << during << " more acknowledged while it ran\n";
  }

  testing::TempDir dir_, restored_dir_;
  testing::RunningService plans_, reports_;
  std::string plans_addr_;
  std::unique_ptr<v1::ProgressReports::Stub> stub_;
  std::unique_ptr<SubmissionLoad> load_;
};

TEST_F(BackupTest, AnOnlineSqliteBackupRestoresEverythingAcknowledgedBeforeIt) {
  if (testing::TestOnPostgres()) GTEST_SKIP() << "SQLite's backup: run once";
  const std::vector<std::string> before = load_->Acknowledged();
  const std::string backup = dir_.path() + "/reports-backup.db";
  ASSERT_EQ(RunCommand(absl::StrCat(SVCUP_ADMIN_BINARY, " backup --database=", dir_.path(),
                                    "/reports.db --out=", backup, " >/dev/null")),
            0);
  const size_t during = load_->Acknowledged().size() - before.size();
  load_->Stop();
  ASSERT_EQ(
      RunCommand(absl::StrCat(SVCUP_ADMIN_BINARY, " restore --service=reports --backup=", backup,
                              " --database=", restored_dir_.path(), "/reports.db >/dev/null")),
      0);
  ExpectRestored(before, during, "SQLite online backup");

  // A backup a newer release wrote is refused, and nothing is put in place.
  {
    auto db = *storage::SqliteDatabase::Open(backup);
    ASSERT_TRUE(db->Write([](storage::Transaction& tx) {
                    return tx
                        .Execute(
                            "INSERT INTO schema_migrations (version, description) "
                            "VALUES (999, 'from the future')")
                        .status();
                  }).ok());
  }
  const std::string target = restored_dir_.path() + "/newer.db";
  const std::string log = restored_dir_.path() + "/restore.log";
  EXPECT_EQ(RunCommand(absl::StrCat(SVCUP_ADMIN_BINARY, " restore --service=reports --backup=",
                                    backup, " --database=", target, " 2>", log)),
            1);
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_THAT(text.str(), ::testing::HasSubstr("written by a newer release"));
  EXPECT_FALSE(std::filesystem::exists(target));
}

TEST_F(BackupTest, APgDumpOfTheServiceSchemaRestoresEverythingAcknowledgedBeforeIt) {
  if (!testing::TestOnPostgres()) GTEST_SKIP() << "runs in the PostgreSQL pass";
  const std::vector<std::string> before = load_->Acknowledged();
  const std::string dump = dir_.path() + "/reports.dump";
  const std::string bin = "/usr/lib/postgresql/15/bin/";
  ASSERT_EQ(RunCommand(absl::StrCat(bin, "pg_dump --format=custom --schema=svcup_reports --file=",
                                    dump, " '", testing::TestDatabaseUrl(dir_.path()), "'")),
            0);
  const size_t during = load_->Acknowledged().size() - before.size();
  load_->Stop();
  ASSERT_EQ(RunCommand(absl::StrCat(bin, "pg_restore --no-owner --dbname='",
                                    testing::TestDatabaseUrl(restored_dir_.path()), "' ", dump)),
            0);
  ExpectRestored(before, during, "pg_dump backup");
}

}  // namespace
}  // namespace svcup
