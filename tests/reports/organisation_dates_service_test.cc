// Integration tests of organisations that open or close during the year, through the generated
// stubs (in-process plans and reports on 127.0.0.1): each owes only the periods it is open on
// the last day of, and completeness never counts the others.
#include <gtest/gtest.h>

#include "tests/reports/reports_service_fixture.h"

namespace svcup::reports {
namespace {

// Shilin closes on 2018-09-30; Taoyuan opens on 2018-09-01.
void ShilinClosesTaoyuanOpens(v1::OrganisationDirectory& data) {
  testing::SetOrganisationDate(data, "dpo-shilin", /*closing=*/true, absl::CivilDay(2018, 9, 30));
  testing::SetOrganisationDate(data, "dpo-taoyuan", /*closing=*/false, absl::CivilDay(2018, 9, 1));
}

class OrganisationDatesTest : public ReportsServiceTest {
 protected:
  OrganisationDatesTest() : ReportsServiceTest({}, ShilinClosesTaoyuanOpens) {}

  v1::Completeness CompletenessOf(int period) {
    v1::GetCompletenessRequest request;
    request.set_recipient("orgs/high-prosecutors");
    request.set_year(2018);
    request.set_period(period);
    v1::Completeness completeness;
    const grpc::Status status =
        stub().GetCompleteness(Context(Reviewer("high-prosecutors")).get(), request, &completeness);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return completeness;
  }

  static bool Lists(const v1::Completeness& completeness, const std::string& org) {
    for (const auto& line : completeness.agencies()) {
      if (line.organisation() == org) return true;
    }
    return false;
  }

  grpc::Status Create(const std::string& org, int period) {
    v1::ProgressReport report;
    return ReportsServiceTest::Create(org, period, v1::ReportContent(), &report);
  }
};

TEST_F(OrganisationDatesTest, EachUnitOwesOnlyThePeriodsItIsOpenOnTheLastDayOf) {
  // Period 1 (ends 2018-06-30): Shilin owes it, Taoyuan (opening in September) does not.
  DraftAndSubmit("dpo-taipei");
  DraftAndSubmit("dpo-shilin");
  v1::Completeness first = CompletenessOf(1);
  EXPECT_EQ(first.total(), 19);
  EXPECT_EQ(first.on_time(), 2);
  EXPECT_EQ(first.pending(), 17);
  EXPECT_DOUBLE_EQ(first.submitted_percent(), 200.0 / 19);
  EXPECT_TRUE(Lists(first, "orgs/dpo-shilin"));
  EXPECT_FALSE(Lists(first, "orgs/dpo-taoyuan"));
  grpc::Status refused = Create("dpo-taoyuan", 1);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(refused.error_message(),
            "orgs/dpo-taoyuan opens on 2018-09-01, after period 1 ends (2018-06-30): it owes no "
            "report for it");

  // Period 2 (ends 2018-12-31): Taoyuan owes it, Shilin (closed in September) does not.
  v1::Completeness second = CompletenessOf(2);
  EXPECT_EQ(second.total(), 19);
  EXPECT_FALSE(Lists(second, "orgs/dpo-shilin"));
  EXPECT_TRUE(Lists(second, "orgs/dpo-taoyuan"));
  EXPECT_DOUBLE_EQ(second.submitted_percent(), 0.0);
  refused = Create("dpo-shilin", 2);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(refused.error_message(),
            "orgs/dpo-shilin closed on 2018-09-30, before period 2 ends (2018-12-31): it owes no "
            "report for it");
  EXPECT_TRUE(Create("dpo-taoyuan", 2).ok());
}

}  // namespace
}  // namespace svcup::reports
