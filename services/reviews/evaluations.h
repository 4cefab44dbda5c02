// The ministry's year-end view: task-force meeting counts per agency and the ranked annual
// evaluation (the formula is in docs/evaluation.md and review_rules.h).
#ifndef SVCUP_SERVICES_REVIEWS_EVALUATIONS_H_
#define SVCUP_SERVICES_REVIEWS_EVALUATIONS_H_

#include "absl/status/statusor.h"
#include "services/reviews/review_aggregate.h"
#include "svcup/v1/reviews.pb.h"

namespace svcup::reviews {

// Meeting counts and the evaluation ranking (see reviews.proto).
class Evaluations final : public ReviewAggregate {
 public:
  using ReviewAggregate::ReviewAggregate;

  absl::StatusOr<v1::ListTaskForceMeetingCountsResponse> ListTaskForceMeetingCounts(
      const v1::Principal& caller, const v1::ListTaskForceMeetingCountsRequest& request);
  absl::StatusOr<v1::EvaluationRanking> RankEvaluations(const v1::Principal& caller,
                                                        const v1::RankEvaluationsRequest& request);
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_EVALUATIONS_H_
