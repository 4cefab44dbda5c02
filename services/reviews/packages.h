// Forwarding packages (a supervisor's reviewed results of a period, sent to the ministry, with
// the agencies missing and why), the ministry's acknowledgement or return, and its inbox. Each
// package keeps every entry's revision, digest and rating.
#ifndef SVCUP_SERVICES_REVIEWS_PACKAGES_H_
#define SVCUP_SERVICES_REVIEWS_PACKAGES_H_

#include <google/protobuf/message.h>

#include <string>

#include "absl/status/statusor.h"
#include "services/reviews/review_aggregate.h"
#include "svcup/v1/reviews.pb.h"

namespace svcup::reviews {

// The forwarding packages aggregate (see reviews.proto).
class Packages final : public ReviewAggregate {
 public:
  using ReviewAggregate::ReviewAggregate;

  absl::StatusOr<v1::ForwardingPackage> ForwardPackage(const v1::Principal& caller,
                                                       const v1::ForwardPackageRequest& request);
  absl::StatusOr<v1::ForwardingPackage> GetPackage(const v1::Principal& caller,
                                                   const v1::GetPackageRequest& request);
  absl::StatusOr<v1::ListPackagesResponse> ListPackages(const v1::Principal& caller,
                                                        const v1::ListPackagesRequest& request);
  absl::StatusOr<v1::ForwardingPackage> AcknowledgePackage(
      const v1::Principal& caller, const v1::AcknowledgePackageRequest& request);
  absl::StatusOr<v1::ForwardingPackage> ReturnPackage(const v1::Principal& caller,
                                                      const v1::ReturnPackageRequest& request);
  absl::StatusOr<v1::MinistryInbox> GetMinistryInbox(const v1::Principal& caller,
                                                     const v1::GetMinistryInboxRequest& request);

 private:
  // A ministry decision on a package: acknowledge, or return with `reason`.
  absl::StatusOr<v1::ForwardingPackage> DecidePackage(
      const v1::Principal& caller, absl::string_view method,
      const google::protobuf::Message& request, const std::string& name, const std::string& etag,
      const std::string& request_id, const std::string& reason);
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_PACKAGES_H_
