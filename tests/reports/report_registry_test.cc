// Domain tests of the reports service: ReportRegistry over SQLite and a fake plans service, no
// gRPC server. The rules that need a peer (routing, the plan in force, plans down) are checked
// here; the contract through the stub is reports_service_test.cc.
#include "services/reports/report_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/storage/sqlite_database.h"
#include "services/reports/sql_report_store.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_plans_gateway.h"
#include "tests/testing/reports_fixture.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_database.h"

namespace svcup::reports {
namespace {

using ::testing::HasSubstr;

class ReportRegistryTest : public ::testing::Test {
 protected:
  ReportRegistryTest()
      : clock_(StartOfTaipeiDay(absl::CivilDay(2018, 7, 10)) + absl::Hours(10)),
        store_(*SqlReportStore::Open(testing::OpenTestDatabase(dir_.path() + "/r.db"))),
        registry_(*store_, plans_, events_, clock_) {}

  static v1::Principal Staff(const std::string& org) {
    v1::Principal p;
    p.set_organisation("orgs/" + org);
    p.set_role(v1::ROLE_AGENCY_STAFF);
    p.set_subject(org + ".user");
    return p;
  }

  absl::StatusOr<v1::ProgressReport> Draft(const std::string& org, v1::ReportContent content) {
    v1::CreateReportRequest request;
    request.set_parent("orgs/" + org);
    request.set_year(2018);
    request.set_period(1);
    *request.mutable_content() = std::move(content);
    request.set_request_id("draft-" + org);
    return registry_.reports().CreateReport(Staff(org), request);
  }

  absl::StatusOr<v1::ReportRevision> Submit(const std::string& org,
                                            const v1::ProgressReport& report) {
    v1::SubmitReportRequest request;
    request.set_name(report.name());
    request.set_etag(report.etag());
    request.set_request_id("submit-" + org);
    return registry_.reports().SubmitReport(Staff(org), request);
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  testing::FakePlansGateway plans_;
  EventNotifier events_;
  std::unique_ptr<ReportStore> store_;
  ReportRegistry registry_;
};

TEST_F(ReportRegistryTest, RoutesToTheSupervisorOrStraightToTheMinistry) {
  auto taipei = Draft("dpo-taipei", testing::CompleteReport(1));
  ASSERT_TRUE(taipei.ok()) << taipei.status();
  auto revision = Submit("dpo-taipei", *taipei);
  ASSERT_TRUE(revision.ok()) << revision.status();
  EXPECT_EQ(revision->recipient(), "orgs/high-prosecutors");
  EXPECT_EQ(revision->implementation_plan_version(), 1);
  EXPECT_FALSE(revision->late());

  auto kinmen = Draft("dpo-kinmen", testing::CompleteReport(1));
  ASSERT_TRUE(kinmen.ok()) << kinmen.status();
  auto direct = Submit("dpo-kinmen", *kinmen);
  ASSERT_TRUE(direct.ok()) << direct.status();
  EXPECT_EQ(direct->recipient(), "orgs/moj");
}

TEST_F(ReportRegistryTest, TheAmendedPlanGovernsTheNextDraft) {
  auto in_force = plans_.CurrentPlan(2018);
  ASSERT_TRUE(in_force.ok());
  v1::ImplementationPlan plan = **in_force;
  plan.set_version(2);
  plan.set_name("implementationPlans/2018/versions/2");
  auto* measure = plan.mutable_content()->mutable_strategies(5)->add_measures();
  measure->set_code("6.5");
  measure->mutable_text()->set_zh_tw("新增措施");
  plans_.SetPlan(plan);

  v1::ReportContent content = testing::CompleteReport(1);
  content.mutable_measure_results(0)->set_measure_code("6.5");
  auto report = Draft("dpo-taipei", content);
  ASSERT_TRUE(report.ok()) << report.status();
  auto revision = Submit("dpo-taipei", *report);
  ASSERT_TRUE(revision.ok()) << revision.status();
  EXPECT_EQ(revision->implementation_plan_version(), 2);
}

TEST_F(ReportRegistryTest, WithPlansUnreachableNothingIsWritten) {
  auto report = Draft("dpo-taipei", testing::CompleteReport(1));
  ASSERT_TRUE(report.ok()) << report.status();
  plans_.SetUnreachable(true);
  auto refused = Submit("dpo-taipei", *report);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  plans_.SetUnreachable(false);
  v1::GetReportRequest get;
  get.set_name(report->name());
  auto read = registry_.reports().GetReport(Staff("dpo-taipei"), get);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->state(), v1::REPORT_STATE_DRAFT);
  EXPECT_EQ(read->latest_revision(), 0);
}

TEST_F(ReportRegistryTest, AnotherAgencyIsDeniedNamingWhoMay) {
  auto report = Draft("dpo-taipei", testing::CompleteReport(1));
  ASSERT_TRUE(report.ok()) << report.status();
  v1::GetReportRequest get;
  get.set_name(report->name());
  auto denied = registry_.reports().GetReport(Staff("dpo-shilin"), get);
  EXPECT_EQ(denied.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(denied.status().message(), HasSubstr("only the organisation itself"));
}

}  // namespace
}  // namespace svcup::reports
