// Hands memory freed after a burst back to the system. A flood of calls (HTTP/2 rapid reset:
// streams opened and reset at once) makes gRPC allocate and free per-call state by the hundred
// megabytes; the allocator (glibc's arenas, or tcmalloc's page heap in the service binaries)
// keeps what was freed, so the process would stay that large after the flood is over. One
// thread hands it back periodically.
#ifndef SVCUP_COMMON_SERVER_MEMORY_TRIMMER_H_
#define SVCUP_COMMON_SERVER_MEMORY_TRIMMER_H_

#include <cstddef>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace svcup {

// Trims every `interval` until destroyed; caps tcmalloc's thread caches where it is linked.
class MemoryTrimmer {
 public:
  // The most tcmalloc's per-thread caches hold in all.
  static constexpr size_t kThreadCacheBytes = size_t{8} << 20;

  explicit MemoryTrimmer(absl::Duration interval);
  ~MemoryTrimmer();
  MemoryTrimmer(const MemoryTrimmer&) = delete;
  MemoryTrimmer& operator=(const MemoryTrimmer&) = delete;

 private:
  void Run();

  const absl::Duration interval_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_MEMORY_TRIMMER_H_
