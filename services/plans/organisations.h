// The organisation hierarchy as the public reads it: organisations with the name in use on a
// date, subordinates, and reporting routes (see plans.proto for each RPC's rules and errors).
#ifndef SVCUP_SERVICES_PLANS_ORGANISATIONS_H_
#define SVCUP_SERVICES_PLANS_ORGANISATIONS_H_

#include "services/plans/plan_aggregate.h"

namespace svcup::plans {

// Reads of the hierarchy (public).
class Organisations final : public PlanAggregate {
 public:
  using PlanAggregate::PlanAggregate;

  absl::StatusOr<v1::Organisation> GetOrganisation(const v1::Principal& caller,
                                                   const v1::GetOrganisationRequest& request);
  absl::StatusOr<v1::ListOrganisationsResponse> ListOrganisations(
      const v1::Principal& caller, const v1::ListOrganisationsRequest& request);
  absl::StatusOr<v1::ListOrganisationsResponse> ListSubordinates(
      const v1::Principal& caller, const v1::ListSubordinatesRequest& request);
  absl::StatusOr<v1::ReportingRoute> ResolveReportingRoute(
      const v1::Principal& caller, const v1::ResolveReportingRouteRequest& request);
};

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_ORGANISATIONS_H_
