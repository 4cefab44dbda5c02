// Integration tests of GetIndicatorAnalytics through the generated stubs (in-process plans and
// reports on 127.0.0.1): an indicator across the hierarchy, and who may see which figures.
#include <gtest/gtest.h>

#include "tests/reports/reports_service_fixture.h"

namespace svcup::reports {
namespace {

class IndicatorAnalyticsTest : public ReportsServiceTest {
 protected:
  // Submits org's period-2 report with 民眾滿意度 at `satisfaction`.
  void Report(const std::string& org, double satisfaction) {
    v1::ReportContent content = testing::CompleteReport(2);
    content.mutable_measure_results(0)->mutable_indicators(0)->set_value(satisfaction);
    v1::ProgressReport report;
    ASSERT_TRUE(Create(org, 2, content, &report).ok());
    v1::ReportRevision revision;
    ASSERT_TRUE(Submit(org, report, &revision).ok());
  }

  grpc::Status Analyse(const std::string& token, const std::string& scope,
                       v1::IndicatorAnalytics* out, double z_threshold = 0) {
    v1::GetIndicatorAnalyticsRequest request;
    request.set_indicator("民眾滿意度");
    request.set_from_year(2018);
    request.set_to_year(2018);
    request.set_scope(scope);
    request.set_z_threshold(z_threshold);
    return stub().GetIndicatorAnalytics(Context(token).get(), request, out);
  }
};

TEST_F(IndicatorAnalyticsTest, TheMinistrySeesEachAgencyEachSupervisorAndTheWholeTree) {
  Report("dpo-taipei", 90);
  Report("dpo-shilin", 92);
  Report("aeb-taipei", 40);
  Report("dpo-kinmen", 88);
  v1::IndicatorAnalytics analytics;
  ASSERT_TRUE(Analyse(Token("moj", v1::ROLE_MINISTRY_OFFICER), "orgs/moj", &analytics, 1.5).ok());
  EXPECT_EQ(analytics.scope(), "orgs/moj");
  EXPECT_EQ(analytics.period(), 2);
  ASSERT_EQ(analytics.values_size(), 4);
  EXPECT_EQ(analytics.values(0).organisation(), "orgs/aeb-taipei");
  EXPECT_EQ(analytics.values(0).reports_to(), "orgs/enforcement");
  EXPECT_EQ(analytics.values(0).revision(), "orgs/aeb-taipei/reports/2018-2/revisions/1");
  EXPECT_TRUE(analytics.values(0).outlier());
  EXPECT_FALSE(analytics.values(1).outlier());
  // Groups: enforcement, high-prosecutors, and the ministry (Kinmen's own group and the tree's).
  ASSERT_EQ(analytics.groups_size(), 3);
  EXPECT_EQ(analytics.groups(0).organisation(), "orgs/enforcement");
  EXPECT_EQ(analytics.groups(1).organisation(), "orgs/high-prosecutors");
  EXPECT_EQ(analytics.groups(1).mean(), 91);
  EXPECT_EQ(analytics.groups(2).organisation(), "orgs/moj");
  EXPECT_EQ(analytics.groups(2).count(), 4);
  EXPECT_EQ(analytics.groups(2).sum(), 310);
}

TEST_F(IndicatorAnalyticsTest, ASupervisorSeesItsAgenciesAndAnAgencyOnlyItself) {
  Report("dpo-taipei", 90);
  Report("aeb-taipei", 40);
  v1::IndicatorAnalytics analytics;
  ASSERT_TRUE(Analyse(Reviewer("high-prosecutors"), "", &analytics).ok());
  ASSERT_EQ(analytics.values_size(), 1);
  EXPECT_EQ(analytics.values(0).organisation(), "orgs/dpo-taipei");
  ASSERT_TRUE(Analyse(Staff("dpo-taipei"), "", &analytics).ok());
  EXPECT_EQ(analytics.values_size(), 1);
  EXPECT_EQ(Analyse(Reviewer("high-prosecutors"), "orgs/enforcement", &analytics).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Analyse(Staff("dpo-taipei"), "orgs/moj", &analytics).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Analyse(Staff("dpo-shilin"), "orgs/dpo-taipei", &analytics).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(IndicatorAnalyticsTest, BadRequestsNameTheField) {
  v1::GetIndicatorAnalyticsRequest request;
  request.set_from_year(2018);
  request.set_to_year(2018);
  v1::IndicatorAnalytics analytics;
  const std::string officer = Token("moj", v1::ROLE_MINISTRY_OFFICER);
  grpc::Status status = stub().GetIndicatorAnalytics(Context(officer).get(), request, &analytics);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "indicator: name an indicator, or a measure_code for every figure of that measure");
  request.set_measure_code("2.3");
  request.set_from_year(2005);
  status = stub().GetIndicatorAnalytics(Context(officer).get(), request, &analytics);
  EXPECT_EQ(status.error_message(), "to_year: at most 10 years in one call, got 14");
  request.set_from_year(2018);
  request.set_z_threshold(-1);
  status = stub().GetIndicatorAnalytics(Context(officer).get(), request, &analytics);
  EXPECT_EQ(status.error_message(), "z_threshold: must be a finite number, not negative");
  request.set_z_threshold(0);
  request.set_has_bounds(true);
  request.set_min_value(5);
  request.set_max_value(1);
  status = stub().GetIndicatorAnalytics(Context(officer).get(), request, &analytics);
  EXPECT_EQ(status.error_message(),
            "min_value: must be finite and not above max_value when has_bounds is set");
}

}  // namespace
}  // namespace svcup::reports
