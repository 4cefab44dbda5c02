#include "services/plans/plan_rules.h"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/calendar/roc_calendar.h"
#include "tests/testing/plans_fixture.h"

namespace svcup::plans {
namespace {

v1::ImplementationPlanContent Plan2018() {
  std::ifstream in(testing::PlansSeedDir() + "/implementation_plan_2018.textproto");
  std::stringstream text;
  text << in.rdbuf();
  v1::ImplementationPlanContent content;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text.str(), &content));
  return content;
}

TEST(ImplementationPlanRules, TheShipped2018PlanHasSixStrategiesAnd22Measures) {
  const auto plan = Plan2018();
  ASSERT_TRUE(ValidateImplementationPlanContent(plan, 2018).ok());
  ASSERT_TRUE(CheckReadyToPublish(plan).ok());
  EXPECT_EQ(plan.strategies_size(), 6);
  int measures = 0;
  for (const auto& s : plan.strategies()) measures += s.measures_size();
  EXPECT_EQ(measures, 22);
  EXPECT_EQ(plan.strategies(5).measures(3).code(), "6.4");
  EXPECT_EQ(plan.execution_plan_deadline().month(), 3);
  EXPECT_EQ(plan.execution_plan_deadline().day(), 31);
  ASSERT_NE(FindPeriod(plan, 2), nullptr);
  EXPECT_EQ(FindPeriod(plan, 2)->agency_due_date().year(), 2019);
  EXPECT_EQ(FindPeriod(plan, 3), nullptr);
}

TEST(ImplementationPlanRules, MeasureCodesMustBelongToTheirStrategy) {
  auto plan = Plan2018();
  plan.mutable_strategies(1)->mutable_measures(0)->set_code("3.1");
  const absl::Status s = ValidateImplementationPlanContent(plan, 2018);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "content.strategies[1].measures[0].code: must be \"2.{n}\" (n = 1..99), got \"3.1\"");
}

TEST(ImplementationPlanRules, ACumulativeIndicatorIsDeclaredOncePerMeasure) {
  auto plan = Plan2018();
  // 2.3 declares 受訪人數 as shipped; declaring it again is refused.
  plan.mutable_strategies(1)->mutable_measures(2)->add_cumulative_indicators("受訪人數");
  const absl::Status s = ValidateImplementationPlanContent(plan, 2018);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      s.message(),
      "content.strategies[1].measures[2].cumulative_indicators[1]: \"受訪人數\" appears twice");
}

TEST(ImplementationPlanRules, PeriodsMustBeNumberedWithinTheYearAndDueAfterTheirEnd) {
  auto plan = Plan2018();
  plan.mutable_reporting_periods(1)->set_number(3);
  EXPECT_EQ(ValidateImplementationPlanContent(plan, 2018).message(),
            "content.reporting_periods[1].number: periods are numbered 1, 2 ... in order; "
            "expected 2, got 3");
  plan = Plan2018();
  *plan.mutable_reporting_periods(0)->mutable_agency_due_date() =
      DateToProto(absl::CivilDay(2018, 6, 1));
  EXPECT_EQ(ValidateImplementationPlanContent(plan, 2018).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateImplementationPlanContent(Plan2018(), 2019).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ImplementationPlanRules, PublicationNeedsEveryPartListed) {
  v1::ImplementationPlanContent draft;
  draft.mutable_title()->set_zh_tw("草案");
  EXPECT_TRUE(ValidateImplementationPlanContent(draft, 2019).ok());
  const absl::Status s = CheckReadyToPublish(draft);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "the implementation plan cannot be published yet; missing: strategies, "
            "execution_plan_deadline, required_sections, reporting_periods");
}

TEST(ExecutionPlanRules, ContentLimitsNameTheField) {
  auto content = testing::CompleteDraft("計畫");
  EXPECT_TRUE(ValidateExecutionPlanContent(content).ok());
  content.mutable_measures(1)->set_measure_code("2-3");
  EXPECT_EQ(ValidateExecutionPlanContent(content).message(),
            "content.measures[1].measure_code: must be a measure code such as \"2.3\", got "
            "\"2-3\"");
  content = testing::CompleteDraft(std::string(201, 'x'));
  EXPECT_EQ(ValidateExecutionPlanContent(content).message(),
            "content.title: must be 1..200 characters, got 201");
  content = testing::CompleteDraft("計畫");
  for (int i = 0; i < 201; ++i) *content.add_measures() = content.measures(0);
  EXPECT_EQ(ValidateExecutionPlanContent(content).message(),
            "content.measures: at most 200 items allowed, got 203");
}

TEST(ExecutionPlanRules, ApprovalListsEveryProblemAtOnce) {
  auto content = testing::CompleteDraft("計畫");
  content.clear_rewards();
  content.clear_goals();
  content.mutable_measures(0)->set_measure_code("7.1");
  content.mutable_priorities(0)->set_rank(2);
  content.mutable_priorities(1)->set_rank(2);
  const absl::Status s = CheckReadyForApproval(content, Plan2018());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "the execution plan is not ready for approval: missing required sections: goals, "
            "rewards; measure codes the implementation plan does not define: 7.1 (measures[0]); "
            "priorities must be ranked 1, 2, 3 ... in listed order without gaps or repeats, got "
            "ranks 2, 2");
  EXPECT_TRUE(CheckReadyForApproval(testing::CompleteDraft("計畫"), Plan2018()).ok());
}

TEST(ExecutionPlanRules, PublicationUrlsAreRequiredAndChecked) {
  google::protobuf::RepeatedPtrField<std::string> urls;
  EXPECT_EQ(ValidatePublicationUrls(urls).code(), absl::StatusCode::kInvalidArgument);
  *urls.Add() = "https://www.tpc.moj.gov.tw/plan.pdf";
  EXPECT_TRUE(ValidatePublicationUrls(urls).ok());
  *urls.Add() = "javascript:alert(1)";
  EXPECT_EQ(ValidatePublicationUrls(urls).message(),
            "urls[1]: \"javascript:alert(1)\" is not an http:// or https:// URL");
}

TEST(ExecutionPlanRules, LatenessCountsTaipeiDaysAfterTheDeadline) {
  const absl::CivilDay deadline(2018, 3, 31);
  const Lateness on_time = LatenessOf(StartOfTaipeiDay(deadline) + absl::Hours(23), deadline);
  EXPECT_FALSE(on_time.late);
  EXPECT_EQ(on_time.days_late, 0);
  const Lateness late = LatenessOf(StartOfTaipeiDay(absl::CivilDay(2018, 4, 2)), deadline);
  EXPECT_TRUE(late.late);
  EXPECT_EQ(late.days_late, 2);
}

}  // namespace
}  // namespace svcup::plans
