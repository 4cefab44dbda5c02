#include "common/server/worker_pool.h"

#include <utility>

namespace svcup {

WorkerPool::WorkerPool(WorkerLimits limits) : limits_(limits) {
  threads_.reserve(limits_.threads);
  for (int i = 0; i < limits_.threads; ++i) threads_.emplace_back([this] { Run(); });
}

WorkerPool::~WorkerPool() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
}

bool WorkerPool::TrySubmit(absl::AnyInvocable<void() &&> work) {
  absl::MutexLock lock(&mu_);
  if (queue_.size() >= limits_.max_queued) return false;
  queue_.push_back(std::move(work));
  return true;
}

void WorkerPool::Run() {
  while (true) {
    absl::AnyInvocable<void() &&> work;
    {
      absl::MutexLock lock(&mu_);
      const auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || !queue_.empty();
      };
      mu_.Await(absl::Condition(&ready));
      if (queue_.empty()) return;  // stopping, and nothing left to run
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    std::move(work)();
  }
}

}  // namespace svcup
