#include "common/api/validation.h"

#include <gtest/gtest.h>

#include "common/api/names.h"
#include "common/api/paging.h"

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
