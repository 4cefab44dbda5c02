// Unit tests of page tokens.
#include "common/api/paging.h"

#include <gtest/gtest.h>


namespace svcup {
namespace {

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
