#include "common/server/rate_limiter.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace svcup {

void RateLimiter::CountRefusalsIn(prometheus::Registry& registry) {
  refused_counter_ = &prometheus::BuildCounter()
                          .Name("svcup_rate_limited_total")
                          .Help("Calls refused RESOURCE_EXHAUSTED by the per-caller rate limit.")
                          .Register(registry)
                          .Add({});
}

grpc::Status RateLimiter::Admit(const std::string& caller, absl::Time now) {
  if (per_second_ <= 0) return grpc::Status::OK;
  absl::MutexLock lock(&mu_);
  auto it = buckets_.find(caller);
  if (it == buckets_.end()) {
    if (buckets_.size() >= kMaxCallers) {
      // Forget the longest idle bucket: memory stays bounded whatever the callers.
      auto oldest = std::min_element(
          buckets_.begin(), buckets_.end(),
          [](const auto& a, const auto& b) { return a.second.updated < b.second.updated; });
      buckets_.erase(oldest);
    }
    it = buckets_.emplace(caller, Bucket{burst_, now}).first;
  }
  Bucket& bucket = it->second;
  bucket.tokens =
      std::min(burst_, bucket.tokens + absl::ToDoubleSeconds(now - bucket.updated) * per_second_);
  bucket.updated = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return grpc::Status::OK;
  }
  ++refused_;
  if (refused_counter_ != nullptr) refused_counter_->Increment();
  const absl::Duration wait = absl::Seconds((1 - bucket.tokens) / per_second_);
  const int64_t wait_ms = std::max<int64_t>(1, std::ceil(absl::ToDoubleMilliseconds(wait)));
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(wait_ms / 1000);
  retry.mutable_retry_delay()->set_nanos(static_cast<int>(wait_ms % 1000) * 1000000);
  const std::string message = absl::StrFormat(
      "rate limit: at most %g calls a second (bursts of %g) per caller; retry in %d ms",
      per_second_, burst_, wait_ms);
  google::rpc::Status details;
  details.set_code(static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED));
  details.set_message(message);
  details.add_details()->PackFrom(retry);
  return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, message, details.SerializeAsString());
}

}  // namespace svcup
