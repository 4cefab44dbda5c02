// Unit tests of AnalyseIndicators: values with the previous year, z-scores and outliers, and
// the aggregates per supervisor and for the scope.
#include "services/reports/indicator_statistics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace svcup::reports {
namespace {

IndicatorObservation Seen(const std::string& org, const std::string& supervisor, int year,
                          double value) {
  return {org, supervisor, "民眾滿意度", "2.3", year, value, "%", org + "/r"};
}

// Four agencies under two supervisors in 2018, two of them with a 2017 value too.
std::vector<IndicatorObservation> Observations() {
  return {Seen("orgs/a", "orgs/hpo", 2017, 80), Seen("orgs/a", "orgs/hpo", 2018, 90),
          Seen("orgs/b", "orgs/hpo", 2018, 90), Seen("orgs/c", "orgs/aeb", 2017, 70),
          Seen("orgs/c", "orgs/aeb", 2018, 90), Seen("orgs/d", "orgs/aeb", 2018, 10)};
}

TEST(IndicatorStatistics, ValuesCarryThePreviousYearAndAZScore) {
  const v1::IndicatorAnalytics analytics =
      AnalyseIndicators(Observations(), 2018, 2018, "orgs/moj", OutlierRule{});
  ASSERT_EQ(analytics.values_size(), 4);  // 2017 serves as the previous year only
  const v1::IndicatorValue& a = analytics.values(0);
  EXPECT_EQ(a.organisation(), "orgs/a");
  EXPECT_EQ(a.year(), 2018);
  EXPECT_TRUE(a.has_previous());
  EXPECT_EQ(a.previous_value(), 80);
  EXPECT_FALSE(analytics.values(1).has_previous());
  // Mean 70, population deviation sqrt((3 * 400 + 3600) / 4) = sqrt(1200).
  EXPECT_NEAR(a.z_score(), 20 / std::sqrt(1200.0), 1e-12);
  EXPECT_NEAR(analytics.values(3).z_score(), -60 / std::sqrt(1200.0), 1e-12);
  EXPECT_FALSE(analytics.values(3).outlier());  // |z| 1.73 is within the default 3
}

TEST(IndicatorStatistics, OutliersByZScoreAndByBounds) {
  OutlierRule rule;
  rule.z_threshold = 1.5;
  v1::IndicatorAnalytics analytics =
      AnalyseIndicators(Observations(), 2018, 2018, "orgs/moj", rule);
  EXPECT_TRUE(analytics.values(3).outlier());
  EXPECT_EQ(analytics.values(3).outlier_reason(), "|z| 1.73 > 1.5");
  EXPECT_FALSE(analytics.values(0).outlier());
  rule.z_threshold = 3;
  rule.has_bounds = true;
  rule.min_value = 0;
  rule.max_value = 85;
  analytics = AnalyseIndicators(Observations(), 2018, 2018, "orgs/moj", rule);
  EXPECT_EQ(analytics.values(0).outlier_reason(), "above max 85");
  EXPECT_FALSE(analytics.values(3).outlier());
}

TEST(IndicatorStatistics, GroupsPerSupervisorAndForTheScopeWithTheYearBefore) {
  const v1::IndicatorAnalytics analytics =
      AnalyseIndicators(Observations(), 2018, 2018, "orgs/moj", OutlierRule{});
  ASSERT_EQ(analytics.groups_size(), 3);
  const v1::IndicatorGroup& aeb = analytics.groups(0);
  EXPECT_EQ(aeb.organisation(), "orgs/aeb");
  EXPECT_EQ(aeb.count(), 2);
  EXPECT_EQ(aeb.mean(), 50);
  EXPECT_EQ(aeb.min(), 10);
  EXPECT_EQ(aeb.max(), 90);
  EXPECT_TRUE(aeb.has_previous());
  EXPECT_EQ(aeb.previous_mean(), 70);
  const v1::IndicatorGroup& hpo = analytics.groups(1);
  EXPECT_EQ(hpo.organisation(), "orgs/hpo");
  EXPECT_EQ(hpo.mean(), 90);
  EXPECT_EQ(hpo.previous_mean(), 80);
  const v1::IndicatorGroup& moj = analytics.groups(2);
  EXPECT_EQ(moj.organisation(), "orgs/moj");
  EXPECT_EQ(moj.count(), 4);
  EXPECT_EQ(moj.sum(), 280);
  EXPECT_EQ(moj.previous_mean(), 75);
}

}  // namespace
}  // namespace svcup::reports
