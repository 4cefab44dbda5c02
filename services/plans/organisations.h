// The organisation hierarchy as the public reads it: organisations with the name in use on a
// date, subordinates, and reporting routes (see plans.proto for each RPC's rules and errors).
#ifndef SVCUP_SERVICES_PLANS_ORGANISATIONS_H_
#define SVCUP_SERVICES_PLANS_ORGANISATIONS_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "services/plans/plan_aggregate.h"

namespace svcup::plans {

// Reads of the hierarchy (public). Thread-safe.
class Organisations final : public PlanAggregate {
 public:
  using PlanAggregate::PlanAggregate;

  // ListOrganisations's answer in protobuf's wire format, kept: the hierarchy does not change
  // while the service runs, so a page is built and encoded once per filters, page and day, and
  // then sent as it is (at most kKeptPageBytes are kept; beyond that the kept pages are dropped).
  absl::StatusOr<std::shared_ptr<const std::string>> ListOrganisationsEncoded(
      const v1::Principal& caller, const v1::ListOrganisationsRequest& request);
  static constexpr size_t kKeptPageBytes = size_t{16} << 20;

  absl::StatusOr<v1::Organisation> GetOrganisation(const v1::Principal& caller,
                                                   const v1::GetOrganisationRequest& request);
  absl::StatusOr<v1::ListOrganisationsResponse> ListOrganisations(
      const v1::Principal& caller, const v1::ListOrganisationsRequest& request);
  absl::StatusOr<v1::ListOrganisationsResponse> ListSubordinates(
      const v1::Principal& caller, const v1::ListSubordinatesRequest& request);
  absl::StatusOr<v1::ReportingRoute> ResolveReportingRoute(
      const v1::Principal& caller, const v1::ResolveReportingRouteRequest& request);

 private:
  absl::Mutex mu_;
  // Encoded pages by request (filters, page, day), and their bytes in all.
  absl::flat_hash_map<std::string, std::shared_ptr<const std::string>> kept_pages_
      ABSL_GUARDED_BY(mu_);
  size_t kept_bytes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_ORGANISATIONS_H_
