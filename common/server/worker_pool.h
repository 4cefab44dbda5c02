// The threads that run a service's unary calls. Calls arrive on gRPC's callback API, which
// spends no thread on a call; their handlers (which block on the database and on other
// services) run here, on a fixed number of threads with a bounded queue, so no burst of calls,
// however hostile, creates threads or unbounded work, and a call the client has already
// abandoned costs only a check when its turn comes.
#ifndef SVCUP_COMMON_SERVER_WORKER_POOL_H_
#define SVCUP_COMMON_SERVER_WORKER_POOL_H_

#include <cstddef>
#include <deque>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace svcup {

// How many threads serve calls and how many calls may wait for one.
struct WorkerLimits {
  int threads = 32;
  size_t max_queued = 4096;
};

// Thread-safe.
class WorkerPool {
 public:
  explicit WorkerPool(WorkerLimits limits = {});
  // Runs what is queued, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `work` for a worker. False, and `work` is dropped unrun, when max_queued are
  // already waiting.
  bool TrySubmit(absl::AnyInvocable<void() &&> work);

  // How many calls may wait (for messages that say so).
  size_t max_queued() const { return limits_.max_queued; }

 private:
  void Run();

  const WorkerLimits limits_;
  absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void() &&>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_WORKER_POOL_H_
