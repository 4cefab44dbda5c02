// Integration tests of cumulative periods through the generated stubs (in-process plans and
// reports on 127.0.0.1): a period-2 report starts from the accepted period-1 content, and a
// figure the plan declares cumulative may not fall below period 1's without an explanation.
#include <gtest/gtest.h>

#include "tests/reports/reports_service_fixture.h"

namespace svcup::reports {
namespace {

// The 受訪人數 (survey respondents) indicator of measure 2.3 in `content`, added if missing.
v1::Indicator* SurveyRespondents(v1::ReportContent& content) {
  for (v1::MeasureResult& r : *content.mutable_measure_results()) {
    if (r.measure_code() != "2.3") continue;
    for (v1::Indicator& i : *r.mutable_indicators()) {
      if (i.name() == "受訪人數") return &i;
    }
    v1::Indicator* added = r.add_indicators();
    added->set_name("受訪人數");
    added->set_unit("人");
    return added;
  }
  return nullptr;
}

class CumulativePeriodsTest : public ReportsServiceTest {
 protected:
  // Taipei's period 1 with 400 survey respondents, submitted and accepted.
  v1::ReportRevision AcceptedPeriodOne() {
    v1::CreateReportRequest create;
    create.set_parent("orgs/dpo-taipei");
    create.set_year(2018);
    create.set_period(1);
    *create.mutable_content() = testing::CompleteReport(1);
    SurveyRespondents(*create.mutable_content())->set_value(400);
    create.set_request_id("create-p1");
    v1::ProgressReport report;
    EXPECT_TRUE(stub().CreateReport(Context(Staff("dpo-taipei")).get(), create, &report).ok());
    v1::ReportRevision revision;
    EXPECT_TRUE(Submit("dpo-taipei", report, &revision).ok());
    v1::ProgressReport accepted;
    EXPECT_TRUE(AcceptRevision(revision.name(), "high-prosecutors", &accepted).ok());
    return revision;
  }

  grpc::Status Update(v1::ProgressReport& report, const v1::ReportContent& content) {
    v1::UpdateReportRequest update;
    update.set_name(report.name());
    *update.mutable_content() = content;
    update.set_etag(report.etag());
    update.set_request_id("update-" + report.etag());
    return stub().UpdateReport(Context(Staff("dpo-taipei")).get(), update, &report);
  }
};

TEST_F(CumulativePeriodsTest, PeriodTwoStartsFromTheAcceptedPeriodOneContent) {
  const v1::ReportRevision period_one = AcceptedPeriodOne();
  v1::CreateReportRequest create;
  create.set_parent("orgs/dpo-taipei");
  create.set_year(2018);
  create.set_period(2);
  create.set_request_id("create-p2");
  v1::ProgressReport report;
  ASSERT_TRUE(stub().CreateReport(Context(Staff("dpo-taipei")).get(), create, &report).ok());
  EXPECT_EQ(report.content().SerializeAsString(), period_one.content().SerializeAsString());

  // Its first revision shows what changed since the accepted period-1 revision.
  v1::ReportContent content = report.content();
  *content.mutable_as_of_date() = DateToProto(absl::CivilDay(2018, 12, 31));
  SurveyRespondents(content)->set_value(950);
  ASSERT_TRUE(Update(report, content).ok());
  v1::ReportRevision revision;
  ASSERT_TRUE(Submit("dpo-taipei", report, &revision).ok());
  EXPECT_FALSE(revision.has_changes());
  EXPECT_EQ(revision.changes_since_decision().base_revision(), period_one.name());
  EXPECT_TRUE(revision.changes_since_decision().as_of_date_changed());
  ASSERT_EQ(revision.changes_since_decision().measures_size(), 1);
  ASSERT_EQ(revision.changes_since_decision().measures(0).indicators_size(), 1);
  EXPECT_EQ(revision.changes_since_decision().measures(0).indicators(0).previous_value(), 400);
  EXPECT_EQ(revision.changes_since_decision().measures(0).indicators(0).value(), 950);
}

TEST_F(CumulativePeriodsTest, ACumulativeFigureFallsOnlyWithAnExplanation) {
  const v1::ReportRevision period_one = AcceptedPeriodOne();
  v1::ProgressReport report = Draft("dpo-taipei", 2);
  v1::ReportContent content = report.content();
  SurveyRespondents(content)->set_value(380);
  // 民眾滿意度 is not cumulative: it may fall freely.
  content.mutable_measure_results(0)->mutable_indicators(0)->set_value(80);
  ASSERT_TRUE(Update(report, content).ok());
  v1::ReportRevision revision;
  grpc::Status status = Submit("dpo-taipei", report, &revision);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(),
            "cumulative figures count from 1 January and may fall below the earlier period's "
            "only with an explanation (indicators[].explanation): "
            "content.measure_results[0].indicators[1] (measure 2.3 受訪人數): 380 is below 400 in "
            "orgs/dpo-taipei/reports/2018-1/revisions/1");
  EXPECT_EQ(Get(Staff("dpo-taipei"), report.name()).state(), v1::REPORT_STATE_DRAFT);

  SurveyRespondents(content)->set_explanation("上半年重複計入之問卷已剔除");
  ASSERT_TRUE(Update(report, content).ok());
  ASSERT_TRUE(Submit("dpo-taipei", report, &revision).ok());
  EXPECT_EQ(revision.revision(), 1);
}

TEST_F(CumulativePeriodsTest, TheShipped2018PlanDeclaresTwoCumulativeIndicators) {
  // The 2018 plan as shipped declares 受訪人數 for 2.3 and 線上申辦件數 for 3.2.
  v1::GetImplementationPlanRequest get;
  get.set_name("implementationPlans/2018");
  v1::ImplementationPlan plan;
  ASSERT_TRUE(plans_.stub().GetImplementationPlan(Context("").get(), get, &plan).ok());
  std::vector<std::string> declared;
  for (const auto& s : plan.content().strategies()) {
    for (const auto& m : s.measures()) {
      for (const auto& name : m.cumulative_indicators()) declared.push_back(m.code() + " " + name);
    }
  }
  EXPECT_EQ(declared, (std::vector<std::string>{"2.3 受訪人數", "3.2 線上申辦件數"}));
}

}  // namespace
}  // namespace svcup::reports
