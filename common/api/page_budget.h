// How much a page of a list may still take: a count (page_size) and bytes (kMaxPageBytes).
#ifndef SVCUP_COMMON_API_PAGE_BUDGET_H_
#define SVCUP_COMMON_API_PAGE_BUDGET_H_

#include <cstddef>

#include "common/api/paging.h"

namespace svcup {

// Counts the items of one page as they are added. Every list of the suite fills its page
// through one, so no page outgrows the message limit however large its items are.
class PageBudget {
 public:
  // A page of at most `limit` items and kMaxPageBytes bytes.
  explicit PageBudget(int limit) : limit_(limit) {}

  // Whether an item of `item_bytes` (its serialized size) still fits, counting it if so. The
  // first item always fits.
  bool Admit(size_t item_bytes) {
    if (items_ >= limit_ || (items_ > 0 && bytes_ + item_bytes > kMaxPageBytes)) return false;
    ++items_;
    bytes_ += item_bytes + kFieldOverheadBytes;
    return true;
  }

 private:
  // A repeated field's tag and length prefix, rounded up.
  static constexpr size_t kFieldOverheadBytes = 8;
  const int limit_;
  int items_ = 0;
  size_t bytes_ = 0;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_API_PAGE_BUDGET_H_
