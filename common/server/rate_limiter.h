// Per-caller rate limits: a token bucket per caller identity (organisation, role and subject;
// for the public, its network address), refilled at a steady rate up to a burst. A caller over
// its budget is answered RESOURCE_EXHAUSTED with a google.rpc.RetryInfo saying when to retry.
#ifndef SVCUP_COMMON_SERVER_RATE_LIMITER_H_
#define SVCUP_COMMON_SERVER_RATE_LIMITER_H_

#include <grpcpp/support/status.h>
#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace svcup {

// Token buckets by caller. Thread-safe; holds at most kMaxCallers buckets (the oldest idle ones
// are forgotten first, which only ever gives a caller a full bucket again).
class RateLimiter {
 public:
  // `per_second` calls a second, in bursts of up to `burst`; per_second <= 0 disables limits.
  RateLimiter(double per_second, double burst) : per_second_(per_second), burst_(burst) {}

  // OK, taking one token from `caller`'s bucket; RESOURCE_EXHAUSTED with the wait in a RetryInfo
  // (status details) and in the message when the bucket is empty.
  grpc::Status Admit(const std::string& caller, absl::Time now);

  // Counts refusals in `registry` as svcup_rate_limited_total.
  void CountRefusalsIn(prometheus::Registry& registry);

  // Calls refused so far.
  int64_t refused() const {
    absl::MutexLock lock(&mu_);
    return refused_;
  }

  static constexpr size_t kMaxCallers = 100000;

 private:
  struct Bucket {
    double tokens;
    absl::Time updated;
  };
  const double per_second_;
  const double burst_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
  int64_t refused_ ABSL_GUARDED_BY(mu_) = 0;
  prometheus::Counter* refused_counter_ = nullptr;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_RATE_LIMITER_H_
