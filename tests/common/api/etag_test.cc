// Unit tests of etags: they follow every field but the etag itself, and a stale one is ABORTED.
#include "common/api/etag.h"

#include <gtest/gtest.h>

#include "svcup/v1/plans.pb.h"

namespace svcup {
namespace {

TEST(Etag, FollowsEveryFieldButItself) {
  v1::ExecutionPlan plan;
  plan.set_name("orgs/dpo-taipei/executionPlans/2018");
  plan.mutable_content()->set_title("臺北地檢署107年度服務躍升執行計畫");
  const std::string etag = ComputeEtag(plan);
  EXPECT_FALSE(etag.empty());
  plan.set_etag(etag);
  EXPECT_EQ(ComputeEtag(plan), etag);  // the etag field does not count
  plan.mutable_content()->set_goals("提升為民服務品質");
  EXPECT_NE(ComputeEtag(plan), etag);
}

TEST(Etag, AStaleEtagIsAbortedNamingTheResource) {
  EXPECT_TRUE(CheckEtag("abc", "abc", "orgs/dpo-taipei/executionPlans/2018").ok());
  const absl::Status stale = CheckEtag("old", "new", "orgs/dpo-taipei/executionPlans/2018");
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(stale.message(),
            "etag: \"old\" is stale: orgs/dpo-taipei/executionPlans/2018 changed since you read "
            "it (now \"new\"); read it again, reapply your change and retry");
}

}  // namespace
}  // namespace svcup
