#include "common/api/validation.h"

#include <gtest/gtest.h>

#include "common/api/names.h"
#include "common/api/paging.h"
#include "absl/strings/str_cat.h"

namespace svcup {
namespace {

TEST(Validation, CountsCharactersNotBytes) {
  EXPECT_EQ(CountCharacters("法務部"), 3u);
  EXPECT_EQ(CheckText("title", "法務部", 1, 3).code(), absl::StatusCode::kOk);
  const absl::Status too_long = CheckText("content.title", "法務部服務", 1, 3);
  EXPECT_EQ(too_long.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(too_long.message(), "content.title: must be 1..3 characters, got 5");
  EXPECT_EQ(CheckText("content.title", "", 1, 200).message(),
            "content.title: is required (1..200 characters), got an empty value");
}

TEST(Validation, RejectsControlCharactersAndLineBreaksInSingleLines) {
  EXPECT_TRUE(CheckText("goals", "line one\nline two", 0, 100).ok());
  EXPECT_EQ(CheckText("title", "a\nb", 0, 100, /*single_line=*/true).message(),
            "title: must not contain control characters or line breaks");
  EXPECT_EQ(CheckText("goals", std::string("a\0b", 3), 0, 100).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(Validation, RequestIdsAreRequiredAndRestricted) {
  EXPECT_TRUE(CheckRequestId("plan-2018:approve.1").ok());
  EXPECT_EQ(CheckRequestId("").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckRequestId("has space").message(),
            "request_id: may contain only letters, digits and . _ : -");
  EXPECT_EQ(CheckRequestId(std::string(65, 'a')).message(),
            "request_id: must be at most 64 characters, got 65");
}

TEST(Validation, UrlsMustBeHttpWithAHost) {
  EXPECT_TRUE(CheckUrl("urls[0]", "https://www.tpc.moj.gov.tw/plan-107.pdf").ok());
  EXPECT_EQ(CheckUrl("urls[1]", "ftp://example.org/x").message(),
            "urls[1]: \"ftp://example.org/x\" is not an http:// or https:// URL");
  EXPECT_EQ(CheckUrl("urls[0]", "https:///path").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckUrl("urls[0]", "https://user@evil.example/").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckUrl("urls[0]", "https://a.example/<script>").code(),
            absl::StatusCode::kInvalidArgument);
}

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

TEST(Quote, QuotesAShortEscapedPrefix) {
  EXPECT_EQ(Quote("2018-1"), "\"2018-1\"");
  EXPECT_EQ(Quote("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\x01\"");
  EXPECT_EQ(Quote(std::string(100000, 'x')), "\"" + std::string(32, 'x') + "\"…(100000 bytes)");
  // Cuts between characters, never inside one.
  EXPECT_EQ(Quote("法務部法務部", 4), "\"法務部法\"…(18 bytes)");
  const absl::Status refused = ParseOrganisationName("parent", std::string(100000, 'a')).status();
  EXPECT_LT(refused.message().size(), 200u);
}

TEST(Paging, TokensResumeAfterTheLastKeyUnderTheSameFilters) {
  auto first = ParsePageRequest(0, "", "kind=3");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->limit, kDefaultPageSize);
  EXPECT_EQ(first->after_key, "");
  const std::string token = MakePageToken("dpo-taipei", "kind=3");
  auto next = ParsePageRequest(10, token, "kind=3");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->limit, 10);
  EXPECT_EQ(next->after_key, "dpo-taipei");
  EXPECT_EQ(ParsePageRequest(10, token, "kind=4").status().message(),
            "page_token: was issued for a call with other filters; repeat the same filters or "
            "start again without a token");
  EXPECT_EQ(ParsePageRequest(10, "garbage!", "kind=3").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePageRequest(-1, "", "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePageRequest(100000, "", "")->limit, kMaxPageSize);
}

}  // namespace
}  // namespace svcup
