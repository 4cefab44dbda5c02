// PlansGateway over gRPC. Calls carry deadlines (the incoming call's, capped); the slowly
// changing hierarchy is cached with a bounded lifetime, so a short outage of plans does not stop
// the services. The plan in force is kept, and relied on while plans's WatchPlanVersions stream
// says it is in force (within the lease each message grants); without a live lease it is
// confirmed with plans on every use.
#ifndef SVCUP_COMMON_HIERARCHY_GRPC_PLANS_GATEWAY_H_
#define SVCUP_COMMON_HIERARCHY_GRPC_PLANS_GATEWAY_H_

#include <grpcpp/channel.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/api/clock.h"
#include "common/auth/service_credentials.h"
#include "common/hierarchy/plans_gateway.h"
#include "svcup/v1/plans.grpc.pb.h"

namespace svcup {

// PlansGateway over gRPC with a cache.
class GrpcPlansGateway final : public PlansGateway {
 public:
  // Timing of calls and of the cache.
  struct Options {
    // Deadline of each call to plans.
    absl::Duration call_timeout = absl::Seconds(2);
    // A cached hierarchy older than this is refreshed on next use. (The plan in force is
    // confirmed with plans on every use; its cached copy serves only while plans is down.)
    absl::Duration refresh_after = absl::Minutes(5);
    // A cached entry older than this (since plans last confirmed it) is not used even when
    // plans is down.
    absl::Duration max_age = absl::Hours(24);
    // The credentials the calls carry (the calling service's own identity, not owned), or none.
    ServiceCredentials* credentials = nullptr;
    // Keep a WatchPlanVersions stream open (reconnecting after a pause when it breaks) and rely
    // on the versions it grants, instead of confirming the plan with plans on every use.
    bool watch_versions = true;
  };

  // `clock` (which ages the cache) must outlive the gateway.
  GrpcPlansGateway(std::shared_ptr<grpc::Channel> channel, const Clock& clock, Options options);
  // Ends the version stream.
  ~GrpcPlansGateway() override;
  GrpcPlansGateway(const GrpcPlansGateway&) = delete;
  GrpcPlansGateway& operator=(const GrpcPlansGateway&) = delete;

  absl::StatusOr<std::shared_ptr<const OrganisationDirectory>> Directory() override;
  absl::StatusOr<v1::ReportingRoute> Route(absl::string_view code) override;
  absl::StatusOr<std::shared_ptr<const v1::ImplementationPlan>> CurrentPlan(int year) override;
  absl::StatusOr<std::vector<std::string>> PublishedExecutionPlans(int year) override;

 private:
  // Fetches every organisation from plans.
  absl::StatusOr<std::shared_ptr<const OrganisationDirectory>> FetchDirectory();
  // The context of one call: deadline set.
  std::unique_ptr<grpc::ClientContext> NewContext() const;
  // The kept plan of `year` if a live lease says it is in force, else null.
  std::shared_ptr<const v1::ImplementationPlan> LeasedPlan(int year)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The version stream's thread: keeps the lease while plans sends versions.
  void WatchVersions();

  std::unique_ptr<v1::PlanRegistry::Stub> stub_;
  const Clock& clock_;
  const Options options_;

  absl::Mutex mu_;
  std::shared_ptr<const OrganisationDirectory> directory_ ABSL_GUARDED_BY(mu_);
  absl::Time directory_time_ ABSL_GUARDED_BY(mu_);
  bool refreshing_directory_ ABSL_GUARDED_BY(mu_) = false;
  struct CachedPlan {
    std::shared_ptr<const v1::ImplementationPlan> plan;
    absl::Time time;  // when plans last confirmed it was in force
  };
  absl::flat_hash_map<int, CachedPlan> plans_ ABSL_GUARDED_BY(mu_);
  // What the version stream last said: (version, etag) by year, relied on until lease_until_.
  absl::flat_hash_map<int, std::pair<int, std::string>> leased_versions_ ABSL_GUARDED_BY(mu_);
  std::chrono::steady_clock::time_point lease_until_ ABSL_GUARDED_BY(mu_);
  grpc::ClientContext* watch_context_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread watcher_;  // last: started once everything above is constructed
};

}  // namespace svcup

#endif  // SVCUP_COMMON_HIERARCHY_GRPC_PLANS_GATEWAY_H_
