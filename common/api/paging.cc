#include "common/api/paging.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace svcup {
namespace {

// FNV-1a: stable across builds and restarts. Not a security boundary: it only tells the
// filters of two calls apart.
std::string FilterDigest(absl::string_view filters) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : filters) {
    hash = (hash ^ c) * 0x100000001b3ull;
  }
  return absl::StrCat(hash);
}

}  // namespace

absl::StatusOr<PageRequest> ParsePageRequest(int page_size, absl::string_view page_token,
                                             absl::string_view filters, int default_size,
                                             int max_size) {
  if (page_size < 0) {
    return absl::InvalidArgumentError(absl::StrCat("page_size: must be 0 (default ", default_size,
                                                   ") or positive, got ", page_size));
  }
  PageRequest page;
  page.limit = page_size == 0 ? default_size : std::min(page_size, max_size);
  if (page_token.empty()) return page;

  std::string decoded;
  const absl::Status malformed = absl::InvalidArgumentError(
      "page_token: is not a token returned by this list call; start again without it");
  if (!absl::WebSafeBase64Unescape(page_token, &decoded)) return malformed;
  const size_t bar = decoded.find('|');
  if (bar == std::string::npos) return malformed;
  if (decoded.substr(0, bar) != FilterDigest(filters)) {
    return absl::InvalidArgumentError(
        "page_token: was issued for a call with other filters; repeat the same filters or "
        "start again without a token");
  }
  page.after_key = decoded.substr(bar + 1);
  return page;
}

std::string MakePageToken(absl::string_view last_key, absl::string_view filters) {
  return absl::WebSafeBase64Escape(absl::StrCat(FilterDigest(filters), "|", last_key));
}

}  // namespace svcup
