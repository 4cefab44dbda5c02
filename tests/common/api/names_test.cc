// Unit tests of resource names: parsing, one spelling per name, periods.
#include "common/api/names.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace svcup {
namespace {

TEST(Names, ParsesOrganisationNamesAndPatterns) {
  EXPECT_EQ(*ParseOrganisationName("parent", "orgs/dpo-kinmen"), "dpo-kinmen");
  EXPECT_EQ(ParseOrganisationName("parent", "orgs/Bad_Code").status().message(),
            "parent: \"Bad_Code\" is not an organisation code (2..40 of a-z, 0-9 and '-', "
            "starting with a letter)");
  EXPECT_EQ(ParseOrganisationName("parent", "").status().message(),
            "parent: is required, of the form \"orgs/{}\"");
  auto parts = MatchName("name", "orgs/moj/executionPlans/2018", "orgs/{}/executionPlans/{}");
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ((*parts)[1], "2018");
  EXPECT_EQ(MatchName("name", "orgs/moj/reports/2018", "orgs/{}/executionPlans/{}")
                .status()
                .message(),
            "name: \"orgs/moj/reports/2018\" is not of the form \"orgs/{}/executionPlans/{}\"");
  EXPECT_EQ(ParseYearSegment("name", "107").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Names, EachNameHasOneSpelling) {
  for (const char* name :
       {"orgs/dpo-taipei/reports/2018-01", "orgs/dpo-taipei/reports/2018-+1",
        "orgs/dpo-taipei/reports/2018-1 ", "orgs/dpo-taipei/reports/2018-1\n",
        "orgs/dpo-taipei/reports/02018-1", "orgs/dpo-taipei/reports/ 2018-1",
        "orgs/dpo-taipei/reports/2018-3", "orgs/dpo-taipei/reports/2018-0"}) {
    EXPECT_EQ(ParseReportName("name", name).status().code(), absl::StatusCode::kInvalidArgument)
        << name;
  }
  EXPECT_EQ(ParseReportName("name", "orgs/dpo-taipei/reports/2018-01").status().message(),
            "name: period \"01\" must be a number in 1..2, written in digits with no sign, "
            "space or leading zero");
  for (const char* revision : {"01", "+1", " 1", "1 ", "0", "1e0", "0x1", "9999999999"}) {
    EXPECT_EQ(ParseRevisionName("name", absl::StrCat("orgs/dpo-taipei/reports/2018-1/revisions/",
                                                     revision))
                  .status()
                  .code(),
              absl::StatusCode::kInvalidArgument)
        << revision;
  }
  auto revision = ParseRevisionName("name", "orgs/dpo-taipei/reports/2018-2/revisions/12");
  ASSERT_TRUE(revision.ok());
  EXPECT_EQ(revision->first.ToString(), "orgs/dpo-taipei/reports/2018-2");
  EXPECT_EQ(revision->second, 12);
  EXPECT_EQ(*ParseNumberSegment("name", "version", "10", 1, 99), 10);
  EXPECT_EQ(ParseNumberSegment("name", "version", "100", 1, 99).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(Names, OrganisationCodeOfStoredNames) {
  EXPECT_EQ(OrganisationCodeOf("orgs/dpo-taipei"), "dpo-taipei");
  EXPECT_EQ(OrganisationCodeOf("orgs/dpo-taipei/reports/2018-1/revisions/2"), "dpo-taipei");
  EXPECT_EQ(OrganisationCodeOf("dpo-taipei"), "dpo-taipei");
}

TEST(Names, PeriodsAreOneOrTwo) {
  EXPECT_TRUE(CheckPeriod("period", 2).ok());
  EXPECT_TRUE(CheckPeriod("period", 0, /*zero_means_all=*/true).ok());
  EXPECT_EQ(CheckPeriod("period", 0).message(),
            "period: must be 1 (January-June) or 2 (the whole year), got 0");
  EXPECT_EQ(CheckPeriod("period", 3, /*zero_means_all=*/true).message(),
            "period: must be 1 (January-June) or 2 (the whole year), or 0 for both, got 3");
}

}  // namespace
}  // namespace svcup
