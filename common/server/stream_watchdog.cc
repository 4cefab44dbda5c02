#include "common/server/stream_watchdog.h"

#include "absl/time/clock.h"

namespace svcup {

StreamWatchdog::StreamWatchdog() : thread_([this] { Run(); }) {}

StreamWatchdog::~StreamWatchdog() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void StreamWatchdog::Arm(grpc::ServerContextBase* context, absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  deadlines_[context] = deadline;
}

void StreamWatchdog::Disarm(grpc::ServerContextBase* context) {
  absl::MutexLock lock(&mu_);
  deadlines_.erase(context);
  cancelled_.erase(context);
}

bool StreamWatchdog::Cancelled(grpc::ServerContextBase* context) {
  absl::MutexLock lock(&mu_);
  return cancelled_.contains(context);
}

void StreamWatchdog::Run() {
  absl::MutexLock lock(&mu_);
  const auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
  while (!mu_.AwaitWithTimeout(absl::Condition(&stopping), absl::Milliseconds(200))) {
    const absl::Time now = absl::Now();
    for (auto it = deadlines_.begin(); it != deadlines_.end();) {
      if (it->second <= now) {
        // Under the lock: Disarm (before the call ends) cannot race the cancellation.
        it->first->TryCancel();
        cancelled_[it->first] = true;
        deadlines_.erase(it++);
      } else {
        ++it;
      }
    }
  }
}

}  // namespace svcup
