#include "common/server/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>

#include "absl/synchronization/notification.h"

namespace svcup {
namespace {

TEST(WorkerPool, RunsWorkAndRefusesBeyondTheQueue) {
  absl::Notification started, release;
  std::atomic<int> done{0};
  {
    WorkerPool pool({.threads = 1, .max_queued = 2});
    // The one worker blocks on the first item; two more may wait; the fourth is refused.
    ASSERT_TRUE(pool.TrySubmit([&] {
      started.Notify();
      release.WaitForNotification();
      ++done;
    }));
    started.WaitForNotification();  // off the queue, running
    EXPECT_TRUE(pool.TrySubmit([&] { ++done; }));
    EXPECT_TRUE(pool.TrySubmit([&] { ++done; }));
    EXPECT_FALSE(pool.TrySubmit([&] { ++done; }));
    release.Notify();
  }  // the destructor runs what is queued
  EXPECT_EQ(done.load(), 3);
}

}  // namespace
}  // namespace svcup
