// Wakes watch streams when the event log grows. A generation counter (not a sequence) avoids
// both missed wake-ups and busy loops: a watcher reads the generation, queries the log, and
// waits only if the generation has not moved since.
#ifndef SVCUP_SERVICES_REPORTS_EVENT_NOTIFIER_H_
#define SVCUP_SERVICES_REPORTS_EVENT_NOTIFIER_H_

#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace svcup::reports {

// Thread-safe.
class EventNotifier {
 public:
  // The current generation; read it before querying the log.
  uint64_t generation() const {
    absl::MutexLock lock(&mu_);
    return generation_;
  }

  // Called after a commit that appended events.
  void Notify() {
    absl::MutexLock lock(&mu_);
    ++generation_;
  }

  // Waits until the generation differs from `seen`, `timeout` passes or Close() is called.
  // Returns false once closed.
  bool WaitForChange(uint64_t seen, absl::Duration timeout) const {
    absl::MutexLock lock(&mu_);
    const auto changed = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return generation_ != seen || closed_;
    };
    mu_.AwaitWithTimeout(absl::Condition(&changed), timeout);
    return !closed_;
  }

  // Ends every wait (the service is draining): watchers end their streams so clients reconnect.
  void Close() {
    absl::MutexLock lock(&mu_);
    closed_ = true;
  }

 private:
  mutable absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_EVENT_NOTIFIER_H_
