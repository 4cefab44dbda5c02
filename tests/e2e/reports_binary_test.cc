// End-to-end: the real svcup-plans and svcup-reports binaries. A submission and streamed
// readings are acknowledged, the reports binary is killed with SIGKILL and restarted, and
// everything acknowledged is read back.
#include <gmock/gmock.h>
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/testing/child_process.h"
#include "tests/testing/reports_fixture.h"

namespace svcup {
namespace {

using testing::Context;

TEST(ReportsBinaryTest, AcknowledgedSubmissionsAndReadingsSurviveSigkill) {
  testing::TempDir dir;
  testing::WriteTestKeys(dir.path());
  testing::RunningService plans = testing::StartService(SVCUP_PLANS_BINARY, "plans", dir.path());
  ASSERT_NE(plans.ports.grpc, 0);
  const std::vector<std::string> reports_args = {
      absl::StrCat("--plans_addr=127.0.0.1:", plans.ports.grpc)};
  testing::RunningService reports =
      testing::StartService(SVCUP_REPORTS_BINARY, "reports", dir.path(), reports_args);
  ASSERT_NE(reports.ports.grpc, 0);
  auto connect = [](int port) {
    return v1::ProgressReports::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  };
  auto stub = connect(reports.ports.grpc);
  const std::string staff =
      testing::TokenFor("dpo-kinmen", v1::ROLE_AGENCY_STAFF, absl::Now(), "e2e");

  v1::CreateReportRequest create;
  create.set_parent("orgs/dpo-kinmen");
  create.set_year(2018);
  create.set_period(1);
  *create.mutable_content() = testing::CompleteReport(1);
  create.set_request_id("e2e-create");
  v1::ProgressReport draft;
  ASSERT_TRUE(stub->CreateReport(Context(staff).get(), create, &draft).ok());
  v1::SubmitReportRequest submit;
  submit.set_name(draft.name());
  submit.set_etag(draft.etag());
  submit.set_request_id("e2e-submit");
  v1::ReportRevision revision;
  ASSERT_TRUE(stub->SubmitReport(Context(staff).get(), submit, &revision).ok());
  EXPECT_EQ(revision.recipient(), "orgs/moj");

  v1::RecordReadingsRequest batch;
  batch.set_organisation("orgs/dpo-kinmen");
  batch.set_batch_id("e2e-batch");
  for (int i = 0; i < 3; ++i) {
    auto* r = batch.add_readings();
    r->set_indicator("visitors");
    r->set_value(10 + i);
    *r->mutable_time() = ToTimestamp(StartOfTaipeiDay(absl::CivilDay(2018, 4, 1 + i)));
  }
  v1::RecordReadingsResponse recorded;
  {
    auto context = Context(staff);
    auto writer = stub->RecordReadings(context.get(), &recorded);
    ASSERT_TRUE(writer->Write(batch));
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
  }
  EXPECT_EQ(recorded.accepted(), 3);

  reports.process->Signal(SIGKILL);
  ASSERT_EQ(reports.process->Wait(absl::Seconds(10)), 128 + SIGKILL);
  reports = testing::StartService(SVCUP_REPORTS_BINARY, "reports", dir.path(), reports_args);
  ASSERT_NE(reports.ports.grpc, 0);
  stub = connect(reports.ports.grpc);

  v1::GetReportRevisionRequest get;
  get.set_name(revision.name());
  v1::ReportRevision read;
  ASSERT_TRUE(stub->GetReportRevision(Context(staff).get(), get, &read).ok());
  EXPECT_EQ(read.content_digest(), revision.content_digest());
  EXPECT_EQ(read.content().measure_results(0).indicators(0).value(), 91.5);
  v1::GetIndicatorSummaryRequest summary_request;
  summary_request.set_organisation("orgs/dpo-kinmen");
  summary_request.set_year(2018);
  summary_request.set_period(1);
  v1::IndicatorSummary summary;
  ASSERT_TRUE(stub->GetIndicatorSummary(Context(staff).get(), summary_request, &summary).ok());
  ASSERT_EQ(summary.aggregates_size(), 1);
  EXPECT_EQ(summary.aggregates(0).count(), 3);
  EXPECT_DOUBLE_EQ(summary.aggregates(0).sum(), 33);
  // The replayed submit answers from the ledger, and the event log kept its entry.
  v1::ReportRevision replay;
  ASSERT_TRUE(stub->SubmitReport(Context(staff).get(), submit, &replay).ok());
  EXPECT_EQ(replay.revision(), 1);
  v1::WatchReportEventsRequest watch;
  watch.set_recipient("orgs/moj");
  auto context = Context(testing::TokenFor("moj", v1::ROLE_MINISTRY_OFFICER, absl::Now()));
  auto events = stub->WatchReportEvents(context.get(), watch);
  v1::ReportEvent event;
  ASSERT_TRUE(events->Read(&event));
  EXPECT_EQ(event.sequence(), 1);
  EXPECT_EQ(event.report(), draft.name());
  context->TryCancel();
  events->Finish().IgnoreError();

  // SIGTERM with a watch open still drains promptly and exits 0.
  auto open_context = Context(testing::TokenFor("moj", v1::ROLE_MINISTRY_OFFICER, absl::Now()));
  watch.set_after_sequence(1);
  auto open_watch = stub->WatchReportEvents(open_context.get(), watch);
  absl::SleepFor(absl::Milliseconds(200));
  reports.process->Signal(SIGTERM);
  EXPECT_EQ(reports.process->Wait(absl::Seconds(10)), 0);
  EXPECT_FALSE(open_watch->Read(&event));
  EXPECT_EQ(open_watch->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
}

// Streams that send nothing are ended, do not hold the server's threads, and leave other callers
// served; watch streams are capped.
TEST(ReportsBinaryTest, SilentStreamsAreEndedAndWatchesCapped) {
  testing::TempDir dir;
  testing::WriteTestKeys(dir.path());
  testing::RunningService plans = testing::StartService(SVCUP_PLANS_BINARY, "plans", dir.path());
  ASSERT_NE(plans.ports.grpc, 0);
  testing::RunningService reports =
      testing::StartService(SVCUP_REPORTS_BINARY, "reports", dir.path(),
                            {absl::StrCat("--plans_addr=127.0.0.1:", plans.ports.grpc),
                             "--stream_idle_timeout=1s", "--max_watch_streams=8"});
  ASSERT_NE(reports.ports.grpc, 0);
  const int threads_before = reports.process->Threads();
  const std::string staff = testing::TokenFor("dpo-kinmen", v1::ROLE_AGENCY_STAFF, absl::Now());

  // 60 streams over 3 connections that open and then say nothing.
  struct Silent {
    std::unique_ptr<grpc::ClientContext> context;
    v1::RecordReadingsResponse response;
    std::unique_ptr<grpc::ClientWriter<v1::RecordReadingsRequest>> writer;
  };
  std::vector<std::unique_ptr<v1::ProgressReports::Stub>> stubs;
  for (int c = 0; c < 3; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.client_index", c);  // a connection each
    stubs.push_back(v1::ProgressReports::NewStub(grpc::CreateCustomChannel(
        absl::StrCat("127.0.0.1:", reports.ports.grpc), grpc::InsecureChannelCredentials(), args)));
  }
  std::vector<Silent> silent(60);
  for (size_t i = 0; i < silent.size(); ++i) {
    silent[i].context = Context(staff);
    silent[i].writer = stubs[i % 3]->RecordReadings(silent[i].context.get(), &silent[i].response);
  }
  // Another caller is served meanwhile.
  auto other = v1::ProgressReports::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", reports.ports.grpc), grpc::InsecureChannelCredentials()));
  v1::GetReportRequest get;
  get.set_name("orgs/dpo-kinmen/reports/2018-1");
  v1::ProgressReport report;
  EXPECT_EQ(other->GetReport(Context(staff).get(), get, &report).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Within a second of silence each stream is ended: the server cancels it (a blocked read has
  // no other way out), and its log says why.
  for (Silent& s : silent) {
    EXPECT_EQ(s.writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  const auto ended = [&] {
    std::ifstream log(dir.path() + "/reports.log");
    std::stringstream text;
    text << log.rdbuf();
    size_t n = 0;
    for (size_t at = text.str().find("no batch for 1s"); at != std::string::npos;
         at = text.str().find("no batch for 1s", at + 1)) {
      ++n;
    }
    return n;
  };
  for (int i = 0; i < 50 && ended() < silent.size(); ++i) absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(ended(), silent.size());
  // The threads they held are back (the pool keeps a few spare).
  absl::SleepFor(absl::Seconds(1));
  EXPECT_LT(reports.process->Threads(), threads_before + 20);

  // Watch streams: eight at once, the ninth refused.
  const std::string reviewer =
      testing::TokenFor("moj", v1::ROLE_MINISTRY_OFFICER, absl::Now(), "watcher");
  std::vector<std::unique_ptr<grpc::ClientContext>> watch_contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<v1::ReportEvent>>> watches;
  v1::WatchReportEventsRequest watch;
  watch.set_recipient("orgs/moj");
  for (int i = 0; i < 9; ++i) {
    watch_contexts.push_back(Context(reviewer));
    watches.push_back(other->WatchReportEvents(watch_contexts.back().get(), watch));
    absl::SleepFor(absl::Milliseconds(50));  // let the server open it
  }
  v1::ReportEvent event;
  EXPECT_FALSE(watches.back()->Read(&event));
  const grpc::Status refused = watches.back()->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << refused.error_message();
  for (size_t i = 0; i + 1 < watches.size(); ++i) {
    watch_contexts[i]->TryCancel();
    watches[i]->Finish().IgnoreError();
  }
}

// The reports service calls plans under its own identity: it will not start without its own
// signing key, nor with one that others may read.
TEST(ReportsBinaryTest, RefusesToStartWithoutAPrivateSigningKey) {
  testing::TempDir dir;
  testing::WriteTestKeys(dir.path());
  const auto refusal = [&] {
    testing::ChildProcess process(
        SVCUP_REPORTS_BINARY,
        {"--data_dir=" + dir.path(), "--listen=127.0.0.1:0", "--metrics_listen=off"},
        dir.path() + "/reports.log");
    const std::optional<int> code = process.Wait(absl::Seconds(15));
    std::stringstream log;
    log << std::ifstream(dir.path() + "/reports.log").rdbuf();
    return code == 1 ? log.str() : "started: " + log.str();
  };
  std::filesystem::permissions(dir.path() + "/reports.key", std::filesystem::perms::others_read,
                               std::filesystem::perm_options::add);
  EXPECT_THAT(refusal(), ::testing::HasSubstr("group or others may read or write it (mode 0604); "
                                              "restrict it with chmod 600"));
  std::remove((dir.path() + "/reports.key").c_str());
  EXPECT_THAT(refusal(), ::testing::HasSubstr("svcup token keygen --service=reports"));
}

}  // namespace
}  // namespace svcup
