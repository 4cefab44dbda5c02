// Paging of list calls (page_size / page_token), shared by every service.
//
// A page token is opaque to clients. Inside it is the sort key of the last item returned and a
// digest of the filters of the call that issued it, so a token cannot be replayed against other
// filters (AIP-158). Lists resume after the key (keyset paging), so pages stay stable while
// items are added.
#ifndef SVCUP_COMMON_API_PAGING_H_
#define SVCUP_COMMON_API_PAGING_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace svcup {

// Default and maximum page sizes of every list call.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// Lists page by bytes as well as by count: a page stops before an item that would take it past
// this size (under gRPC's default 4 MiB client limit), whatever page_size asked; it always
// holds at least one item, so a page of one full report with its revision can reach ~5 MiB:
// clients read answers up to the suite's 8 MiB message limit.
inline constexpr size_t kMaxPageBytes = size_t{3} << 20;

// A decoded page request.
struct PageRequest {
  // How many items to return (1..kMaxPageSize).
  int limit = kDefaultPageSize;
  // Sort key of the last item of the previous page; empty for the first page.
  std::string after_key;
};

// Decodes page_size and page_token. `filters` describes the call's filters (any stable string);
// a token issued under other filters is INVALID_ARGUMENT, as is a malformed token or a negative
// page_size. A page_size of 0 means `default_size`; one above `max_size` means `max_size`.
absl::StatusOr<PageRequest> ParsePageRequest(int page_size, absl::string_view page_token,
                                             absl::string_view filters,
                                             int default_size = kDefaultPageSize,
                                             int max_size = kMaxPageSize);

// The token of the page after the one that ended with `last_key`, under `filters`.
std::string MakePageToken(absl::string_view last_key, absl::string_view filters);

}  // namespace svcup

#endif  // SVCUP_COMMON_API_PAGING_H_
