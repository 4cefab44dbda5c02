// The annual evaluation's formula as pure functions of its inputs (docs/evaluation.md): the
// reviews service ranks with it, and `svcup evaluation verify` recomputes a frozen ranking with
// the very same code. No gRPC, no SQL.
#ifndef SVCUP_COMMON_EVALUATION_EVALUATION_FORMULA_H_
#define SVCUP_COMMON_EVALUATION_EVALUATION_FORMULA_H_

#include <string>

#include "absl/status/statusor.h"
#include "svcup/v1/reviews.pb.h"

namespace svcup {

// The evaluation formula, in words, as returned with every ranking.
extern const char kEvaluationFormula[];

// The weights to rank with: the defaults (0.5, 0.3, 0.2) when none were given (nullptr);
// INVALID_ARGUMENT for negative, non-finite or all-zero weights.
absl::StatusOr<v1::EvaluationWeights> EffectiveWeights(const v1::EvaluationWeights* given);

// Scores and ranks the agencies of `inputs` with its weights: best first, equal scores sharing a
// rank, ties ordered by organisation. A pure function of `inputs`.
v1::EvaluationRanking Rank(const v1::EvaluationInputs& inputs);

// "sha256:<hex>" of the inputs' deterministic serialization.
std::string InputsDigest(const v1::EvaluationInputs& inputs);

// Points of a rating: EXCELLENT 100, GOOD 85, FAIR 70, POOR 55.
double RatingPoints(v1::Rating rating);

}  // namespace svcup

#endif  // SVCUP_COMMON_EVALUATION_EVALUATION_FORMULA_H_
