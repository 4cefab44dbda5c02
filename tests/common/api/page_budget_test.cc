#include "common/api/page_budget.h"

#include <gtest/gtest.h>

namespace svcup {
namespace {

TEST(PageBudget, StopsAtTheCountOrTheBytesButAlwaysTakesOneItem) {
  PageBudget by_count(2);
  EXPECT_TRUE(by_count.Admit(10));
  EXPECT_TRUE(by_count.Admit(10));
  EXPECT_FALSE(by_count.Admit(10));

  PageBudget by_bytes(500);
  EXPECT_TRUE(by_bytes.Admit(kMaxPageBytes * 2));  // alone on its page, however large
  EXPECT_FALSE(by_bytes.Admit(1));

  PageBudget filling(500);
  EXPECT_TRUE(filling.Admit(kMaxPageBytes / 2));
  EXPECT_TRUE(filling.Admit(kMaxPageBytes / 4));
  EXPECT_FALSE(filling.Admit(kMaxPageBytes / 4));  // with the fields' overhead, one byte too many
  EXPECT_TRUE(PageBudget(1).Admit(0));
}

}  // namespace
}  // namespace svcup
