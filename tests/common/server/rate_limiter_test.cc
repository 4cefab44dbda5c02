// Per-caller token buckets: a burst, then the steady rate, and a RetryInfo saying when.
#include "common/server/rate_limiter.h"

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace svcup {
namespace {

TEST(RateLimiter, AdmitsABurstThenTheRateAndSaysWhenToRetry) {
  RateLimiter limiter(/*per_second=*/2, /*burst=*/3);
  const absl::Time t0 = absl::FromUnixSeconds(1530000000);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit("orgs/dpo-taipei", t0).ok()) << i;
  const grpc::Status refused = limiter.Admit("orgs/dpo-taipei", t0);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(refused.error_message(),
            "rate limit: at most 2 calls a second (bursts of 3) per caller; retry in 500 ms");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(refused.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(details.details(0).UnpackTo(&retry));
  EXPECT_EQ(retry.retry_delay().seconds(), 0);
  EXPECT_EQ(retry.retry_delay().nanos(), 500000000);
  // Another caller has its own bucket; the first gets a token back after the delay.
  EXPECT_TRUE(limiter.Admit("orgs/dpo-shilin", t0).ok());
  EXPECT_TRUE(limiter.Admit("orgs/dpo-taipei", t0 + absl::Milliseconds(500)).ok());
  EXPECT_FALSE(limiter.Admit("orgs/dpo-taipei", t0 + absl::Milliseconds(500)).ok());
  EXPECT_EQ(limiter.refused(), 2);
  // No limit at all when the rate is 0.
  RateLimiter off(0, 0);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(off.Admit("anyone", t0).ok());
}

}  // namespace
}  // namespace svcup
