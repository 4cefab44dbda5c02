// Wakes watch streams when the event log grows. A generation counter (not a sequence) avoids
// both missed wake-ups and busy loops: a watcher reads the generation, queries the log, and
// waits only if the generation has not moved since. It also keeps the open streams and when
// each last caught up with the log, for the metrics endpoint.
#ifndef SVCUP_COMMON_SERVER_EVENT_NOTIFIER_H_
#define SVCUP_COMMON_SERVER_EVENT_NOTIFIER_H_

#include <algorithm>
#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace svcup {

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

  // The watch streams open now.
  int OpenStreams() const {
    absl::MutexLock lock(&mu_);
    return static_cast<int>(streams_.size());
  }

  // A watch stream opened at `now`; returns its id for CaughtUp and StreamClosed.
  int64_t StreamOpened(absl::Time now) {
    absl::MutexLock lock(&mu_);
    streams_[++last_stream_] = now;
    return last_stream_;
  }

  // Stream `id` has sent everything in the log up to now.
  void CaughtUp(int64_t id, absl::Time now) {
    absl::MutexLock lock(&mu_);
    if (auto it = streams_.find(id); it != streams_.end()) it->second = now;
  }

  void StreamClosed(int64_t id) {
    absl::MutexLock lock(&mu_);
    streams_.erase(id);
  }

  // The open streams, and the longest time one of them has gone without catching up (a
  // consumer that stopped reading, or reads slower than events arrive).
  struct StreamStats {
    int open = 0;
    absl::Duration max_behind = absl::ZeroDuration();
  };
  StreamStats Streams(absl::Time now) const {
    absl::MutexLock lock(&mu_);
    StreamStats stats;
    stats.open = static_cast<int>(streams_.size());
    for (const auto& [id, caught_up] : streams_) {
      stats.max_behind = std::max(stats.max_behind, now - caught_up);
    }
    return stats;
  }

 private:
  mutable absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_map<int64_t, absl::Time> streams_ ABSL_GUARDED_BY(mu_);
  int64_t last_stream_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_EVENT_NOTIFIER_H_
