// Reviews of report revisions (Attachment 2). A review names the exact revision and the digest
// of the content read, and carries its decision (return or accept) to the reports service
// first: if reports refuses, no review is kept. The review keeps a copy of the revision.
// A batch reviews several revisions, each on its own.
#ifndef SVCUP_SERVICES_REVIEWS_REVIEWS_H_
#define SVCUP_SERVICES_REVIEWS_REVIEWS_H_

#include "absl/status/statusor.h"
#include "services/reviews/review_aggregate.h"
#include "svcup/v1/reviews.pb.h"

namespace svcup::reviews {

// The reviews aggregate (see reviews.proto for each RPC's rules and errors).
class Reviews final : public ReviewAggregate {
 public:
  using ReviewAggregate::ReviewAggregate;

  absl::StatusOr<v1::Review> CreateReview(const v1::Principal& caller,
                                          const v1::CreateReviewRequest& request);
  // Each request decided as CreateReview decides it, reported per revision.
  absl::StatusOr<v1::BatchCreateReviewsResponse> BatchCreateReviews(
      const v1::Principal& caller, const v1::BatchCreateReviewsRequest& request);
  absl::StatusOr<v1::Review> GetReview(const v1::Principal& caller,
                                       const v1::GetReviewRequest& request);
  absl::StatusOr<v1::ListReviewsResponse> ListReviews(const v1::Principal& caller,
                                                      const v1::ListReviewsRequest& request);
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_REVIEWS_H_
