// GrpcPlansGateway against a fake plans server on 127.0.0.1 that counts GetImplementationPlan
// calls and sends plan versions on WatchPlanVersions when told to: with a live lease the kept
// plan is used without asking plans; a new version is fetched at once; without a lease (the
// stream gone, or its lease run out) every use asks plans again.
#include "common/hierarchy/grpc_plans_gateway.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "tests/testing/fake_clock.h"

namespace svcup {
namespace {

// The implementation plan of 2018 at a version, and its versions stream.
class FakePlans final : public v1::PlanRegistry::Service {
 public:
  grpc::Status GetImplementationPlan(grpc::ServerContext*,
                                     const v1::GetImplementationPlanRequest* request,
                                     v1::ImplementationPlan* response) override {
    if (request->name() != "implementationPlans/2018") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such plan");
    }
    absl::MutexLock lock(&mu_);
    ++asked_;
    response->set_year(2018);
    response->set_version(version_);
    response->set_etag(absl::StrCat("etag-", version_));
    return grpc::Status::OK;
  }

  grpc::Status WatchPlanVersions(grpc::ServerContext* context, const v1::WatchPlanVersionsRequest*,
                                 grpc::ServerWriter<v1::PlanVersions>* writer) override {
    int sent_for = -1;
    while (!context->IsCancelled()) {
      v1::PlanVersions message;
      {
        absl::MutexLock lock(&mu_);
        const auto changed = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
          return (streaming_ && announced_ != sent_for) || !streaming_;
        };
        mu_.AwaitWithTimeout(absl::Condition(&changed), absl::Milliseconds(50));
        if (!streaming_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "stream ended");
        if (announced_ == sent_for) continue;
        sent_for = announced_;
        v1::PlanVersion& v = *message.add_versions();
        v.set_year(2018);
        v.set_version(announced_);
        v.set_etag(absl::StrCat("etag-", announced_));
        message.mutable_lease()->set_seconds(lease_seconds_);
      }
      if (!writer->Write(message)) break;
    }
    return grpc::Status::OK;
  }

  // The version plans serves from now on, announced on the stream.
  void SetVersion(int version) {
    absl::MutexLock lock(&mu_);
    version_ = version;
    announced_ = version;
  }
  // Ends every stream and refuses new ones.
  void StopStreaming() {
    absl::MutexLock lock(&mu_);
    streaming_ = false;
  }
  void SetLeaseSeconds(int seconds) {
    absl::MutexLock lock(&mu_);
    lease_seconds_ = seconds;
  }
  int asked() {
    absl::MutexLock lock(&mu_);
    return asked_;
  }

 private:
  absl::Mutex mu_;
  int version_ ABSL_GUARDED_BY(mu_) = 1;
  int announced_ ABSL_GUARDED_BY(mu_) = 1;
  bool streaming_ ABSL_GUARDED_BY(mu_) = true;
  int lease_seconds_ ABSL_GUARDED_BY(mu_) = 60;
  int asked_ ABSL_GUARDED_BY(mu_) = 0;
};

class GrpcPlansGatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&plans_);
    server_ = builder.BuildAndStart();
    channel_ =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  }
  void TearDown() override {
    gateway_.reset();
    plans_.StopStreaming();
    server_->Shutdown();
  }

  void StartGateway(bool watch_versions = true) {
    GrpcPlansGateway::Options options;
    options.watch_versions = watch_versions;
    gateway_ = std::make_unique<GrpcPlansGateway>(channel_, clock_, options);
  }

  // The version CurrentPlan(2018) gives, and how many calls to plans it took.
  std::pair<int, int> Use() {
    const int before = plans_.asked();
    auto plan = gateway_->CurrentPlan(2018);
    EXPECT_TRUE(plan.ok()) << plan.status();
    return {plan.ok() ? (*plan)->version() : -1, plans_.asked() - before};
  }

  // Uses the plan until a use asks plans nothing (the lease has arrived); false after 5 s.
  bool UntilLeased() {
    const absl::Time give_up = absl::Now() + absl::Seconds(5);
    while (absl::Now() < give_up) {
      if (Use().second == 0) return true;
      absl::SleepFor(absl::Milliseconds(10));
    }
    return false;
  }

  FakePlans plans_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  testing::FakeClock clock_{absl::FromUnixSeconds(1530000000)};
  std::unique_ptr<GrpcPlansGateway> gateway_;
};

TEST_F(GrpcPlansGatewayTest, WithALeaseTheKeptPlanIsUsedWithoutAskingPlans) {
  StartGateway();
  ASSERT_TRUE(UntilLeased());
  for (int i = 0; i < 20; ++i) EXPECT_EQ(Use(), std::make_pair(1, 0));
}

TEST_F(GrpcPlansGatewayTest, AnAnnouncedVersionIsFetchedAtOnce) {
  StartGateway();
  ASSERT_TRUE(UntilLeased());
  plans_.SetVersion(2);
  // Version 1 is relied on until the announcement arrives (plans answers an amendment only
  // once every lease on the old version has run out); then version 2 is fetched once, kept and
  // relied on.
  const absl::Time give_up = absl::Now() + absl::Seconds(5);
  while (Use().first != 2 && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(10));
  EXPECT_EQ(Use(), std::make_pair(2, 0));
}

TEST_F(GrpcPlansGatewayTest, WithoutTheStreamEveryUseAsksPlans) {
  StartGateway();
  ASSERT_TRUE(UntilLeased());
  plans_.StopStreaming();
  // The stream's end withdraws the lease: soon every use confirms the version with plans.
  const absl::Time give_up = absl::Now() + absl::Seconds(5);
  while (Use().second == 0 && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(10));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Use(), std::make_pair(1, 1));
}

TEST_F(GrpcPlansGatewayTest, ALeaseThatRunsOutIsNotReliedOn) {
  plans_.SetLeaseSeconds(0);  // every message's lease has run out on arrival
  StartGateway();
  Use();  // fetches the plan
  absl::SleepFor(absl::Milliseconds(200));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Use(), std::make_pair(1, 1));
}

TEST_F(GrpcPlansGatewayTest, WithoutWatchingEveryUseAsksPlans) {
  StartGateway(/*watch_versions=*/false);
  Use();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Use(), std::make_pair(1, 1));
}

}  // namespace
}  // namespace svcup
