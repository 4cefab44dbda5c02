// What the portal shows, read from the plans service as the public (no credentials, so it sees
// exactly what any visitor may): the organisations, the published execution plans of a year, one
// plan, and the implementation plans with their amendments. Lists are kept for a short while
// (expiring_cache.h): published plans change rarely and page views must not multiply calls.
#ifndef SVCUP_SERVICES_GATEWAY_PUBLIC_PLANS_H_
#define SVCUP_SERVICES_GATEWAY_PUBLIC_PLANS_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/gateway/expiring_cache.h"
#include "svcup/v1/plans.grpc.pb.h"

namespace svcup::gateway {

// The public side of the plans service. Thread-safe.
class PublicPlans {
 public:
  // Calls plans over `channel`, each call within `timeout`; lists are kept for `keep`.
  PublicPlans(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout = absl::Seconds(10),
              absl::Duration keep = absl::Seconds(30));

  // Every organisation, as of today.
  absl::StatusOr<std::shared_ptr<const std::vector<v1::Organisation>>> Organisations();

  // The published execution plans of `year`, by organisation code.
  absl::StatusOr<std::shared_ptr<const std::vector<v1::ExecutionPlan>>> PublishedPlans(int year);

  // The execution plan `name` ("orgs/{code}/executionPlans/{year}"); NOT_FOUND unless published.
  absl::StatusOr<v1::ExecutionPlan> Plan(const std::string& name);

  // The published versions of `year`'s implementation plan, newest first (none when the year
  // has no plan).
  absl::StatusOr<std::shared_ptr<const std::vector<v1::ImplementationPlan>>> PlanVersions(int year);

  // The years from `first` to `last` that have a published implementation plan, newest first.
  absl::StatusOr<std::vector<int>> Years(int first, int last);

 private:
  std::unique_ptr<grpc::ClientContext> Context() const;

  std::unique_ptr<v1::PlanRegistry::Stub> stub_;
  const absl::Duration timeout_;
  ExpiringCache<int, std::vector<v1::Organisation>> organisations_;
  ExpiringCache<int, std::vector<v1::ExecutionPlan>> plans_;
  ExpiringCache<int, std::vector<v1::ImplementationPlan>> versions_;
};

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_PUBLIC_PLANS_H_
