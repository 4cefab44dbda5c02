// The ministry's year-end view: task-force meeting counts per agency and the ranked annual
// evaluation, live or frozen with its inputs (the formula is in docs/evaluation.md and
// common/evaluation/evaluation_formula.h).
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
  absl::StatusOr<v1::FrozenEvaluation> FreezeEvaluation(const v1::Principal& caller,
                                                        const v1::FreezeEvaluationRequest& request);
  absl::StatusOr<v1::FrozenEvaluation> GetFrozenEvaluation(
      const v1::Principal& caller, const v1::GetFrozenEvaluationRequest& request);

 private:
  // Everything the ranking of `year` is computed from, for the agencies below `reports_to`
  // (the whole tree when empty) that owed at least one of its periods.
  absl::StatusOr<v1::EvaluationInputs> ReadInputs(const OrganisationDirectory& directory,
                                                  const std::string& reports_to, int year,
                                                  const v1::EvaluationWeights& weights);
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_EVALUATIONS_H_
