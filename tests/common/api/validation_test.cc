// Unit tests of the input checks and of quoting what callers sent.
#include "common/api/validation.h"

#include <gtest/gtest.h>

#include "common/api/names.h"

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

TEST(Quote, QuotesAShortEscapedPrefix) {
  EXPECT_EQ(Quote("2018-1"), "\"2018-1\"");
  EXPECT_EQ(Quote("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\x01\"");
  EXPECT_EQ(Quote(std::string(100000, 'x')), "\"" + std::string(32, 'x') + "\"…(100000 bytes)");
  // Cuts between characters, never inside one.
  EXPECT_EQ(Quote("法務部法務部", 4), "\"法務部法\"…(18 bytes)");
  // Invalid UTF-8 (continuation bytes that start no character) is bounded too (found by fuzzing).
  EXPECT_LT(Quote(std::string(100000, '\x82')).size(), 2 * 32 * 4 + 40);
  EXPECT_LT(Quote(std::string(100000, '\x01')).size(), 2 * 32 * 4 + 40);
  const absl::Status refused = ParseOrganisationName("parent", std::string(100000, 'a')).status();
  EXPECT_LT(refused.message().size(), 200u);
}

}  // namespace
}  // namespace svcup
