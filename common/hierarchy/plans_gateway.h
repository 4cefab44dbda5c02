// What the reports and reviews services need from the plans service: the hierarchy, reporting
// routes and implementation plans; an interface with no gRPC in it, so the domain depends on it
// alone. grpc_plans_gateway.h talks to the real service; tests/testing/fake_plans_gateway.h
// stands in for it in domain tests.
#ifndef SVCUP_COMMON_HIERARCHY_PLANS_GATEWAY_H_
#define SVCUP_COMMON_HIERARCHY_PLANS_GATEWAY_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/policy.h"
#include "common/hierarchy/organisation_directory.h"
#include "svcup/v1/plans.pb.h"

namespace svcup {

// The plans service as its dependants see it.
class PlansGateway {
 public:
  virtual ~PlansGateway() = default;

  // The hierarchy. UNAVAILABLE when plans cannot be reached and no cached copy is usable.
  virtual absl::StatusOr<std::shared_ptr<const OrganisationDirectory>> Directory() = 0;

  // The reporting route of organisation `code`, asked from plans now; when plans cannot be
  // reached, computed from the cached hierarchy. UNAVAILABLE when neither works; NOT_FOUND for
  // an unknown organisation; FAILED_PRECONDITION for the top of the tree.
  virtual absl::StatusOr<v1::ReportingRoute> Route(absl::string_view code) = 0;

  // The implementation plan in force for `year`, as plans says now: an amendment takes effect
  // for the next call. FAILED_PRECONDITION when the year has none published; UNAVAILABLE as
  // Directory().
  virtual absl::StatusOr<std::shared_ptr<const v1::ImplementationPlan>> CurrentPlan(int year) = 0;

  // The codes of the agencies whose execution plan for `year` is published, asked from plans
  // now. UNAVAILABLE when plans cannot be reached.
  virtual absl::StatusOr<std::vector<std::string>> PublishedExecutionPlans(int year) = 0;
};

// Fetches the hierarchy through `plans`, checks organisation `code` exists (NOT_FOUND naming
// `field`) and that `caller` may perform `action` on it (`what` describes the call for a
// denial). Returns the hierarchy the call was authorised against.
absl::StatusOr<std::shared_ptr<const OrganisationDirectory>> AuthorizeOn(
    PlansGateway& plans, absl::string_view field, absl::string_view code,
    const v1::Principal& caller, Action action, absl::string_view what);

}  // namespace svcup

#endif  // SVCUP_COMMON_HIERARCHY_PLANS_GATEWAY_H_
