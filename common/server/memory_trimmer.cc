#include "common/server/memory_trimmer.h"

#include <malloc.h>

namespace svcup {

MemoryTrimmer::MemoryTrimmer(absl::Duration interval)
    : interval_(interval), thread_([this] { Run(); }) {}

MemoryTrimmer::~MemoryTrimmer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void MemoryTrimmer::Run() {
  absl::MutexLock lock(&mu_);
  const auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
  while (!mu_.AwaitWithTimeout(absl::Condition(&stopping), interval_)) {
    mu_.Unlock();
    malloc_trim(0);  // every arena; cheap when there is nothing to return
    mu_.Lock();
  }
}

}  // namespace svcup
