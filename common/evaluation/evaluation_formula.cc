#include "common/evaluation/evaluation_formula.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/api/message_digest.h"
#include "common/auth/crypto.h"

namespace svcup {

const char kEvaluationFormula[] =
    "score = (w_rating * rating + w_timeliness * timeliness + w_deficiencies * deficiencies) / "
    "(w_rating + w_timeliness + w_deficiencies), each part 0..100: rating = mean points of the "
    "year's review ratings (excellent 100, good 85, fair 70, poor 55; 0 without a review); "
    "timeliness = mean over the reporting periods of 100 when on time, 100 - 5 per day late "
    "(not below 0) when late, 0 when missing or not yet due; deficiencies = 100 - 5 per "
    "deficiency found - 10 per deficiency still open - 15 per overdue one (not below 0). "
    "Default weights 0.5, 0.3, 0.2.";

double RatingPoints(v1::Rating rating) {
  switch (rating) {
    case v1::RATING_EXCELLENT:
      return 100;
    case v1::RATING_GOOD:
      return 85;
    case v1::RATING_FAIR:
      return 70;
    case v1::RATING_POOR:
      return 55;
    default:
      return 0;
  }
}

absl::StatusOr<v1::EvaluationWeights> EffectiveWeights(const v1::EvaluationWeights* given) {
  v1::EvaluationWeights weights;
  if (given == nullptr) {
    weights.set_rating(0.5);
    weights.set_timeliness(0.3);
    weights.set_deficiencies(0.2);
    return weights;
  }
  if (given->rating() < 0 || given->timeliness() < 0 || given->deficiencies() < 0 ||
      !std::isfinite(given->rating() + given->timeliness() + given->deficiencies())) {
    return absl::InvalidArgumentError("weights: must be finite and not negative");
  }
  if (given->rating() + given->timeliness() + given->deficiencies() <= 0) {
    return absl::InvalidArgumentError(
        "weights: must not sum to zero; omit weights for the defaults (0.5, 0.3, 0.2)");
  }
  return *given;
}

v1::EvaluationRanking Rank(const v1::EvaluationInputs& inputs) {
  const v1::EvaluationWeights& weights = inputs.weights();
  v1::EvaluationRanking ranking;
  ranking.set_year(inputs.year());
  *ranking.mutable_weights() = weights;
  ranking.set_formula(kEvaluationFormula);
  const double total_weight = weights.rating() + weights.timeliness() + weights.deficiencies();
  for (const v1::EvaluationInput& a : inputs.agencies()) {
    v1::EvaluationScore& score = *ranking.add_scores();
    score.set_organisation(a.organisation());
    *score.mutable_display_name() = a.display_name();
    double rating = 0;
    for (const v1::EvaluatedReview& r : a.reviews()) {
      rating += RatingPoints(r.rating());
      score.add_ratings(r.rating());
    }
    if (!a.reviews().empty()) rating /= static_cast<double>(a.reviews_size());
    int found = 0, open = 0, overdue = 0;
    for (const v1::EvaluatedDeficiency& d : a.deficiencies()) {
      ++found;
      if (d.state() != v1::DEFICIENCY_STATE_CLOSED) ++open;
      if (d.overdue()) ++overdue;
    }
    double timeliness = 0;
    int days_late = 0;
    for (const v1::AgencyCompleteness& p : a.periods()) {
      days_late += p.days_late();
      if (p.status() == v1::COMPLETENESS_STATUS_ON_TIME) timeliness += 100;
      if (p.status() == v1::COMPLETENESS_STATUS_LATE) {
        timeliness += std::max(0.0, 100.0 - 5.0 * p.days_late());
      }
    }
    if (!a.periods().empty()) timeliness /= static_cast<double>(a.periods_size());
    const double deficiencies = std::max(0.0, 100.0 - 5.0 * found - 10.0 * open - 15.0 * overdue);
    score.set_rating_part(rating);
    score.set_timeliness_part(timeliness);
    score.set_deficiency_part(deficiencies);
    score.set_days_late(days_late);
    score.set_deficiencies_found(found);
    score.set_deficiencies_open(open);
    score.set_deficiencies_overdue(overdue);
    const double total = (weights.rating() * rating + weights.timeliness() * timeliness +
                          weights.deficiencies() * deficiencies) /
                         total_weight;
    score.set_score(std::round(total * 100) / 100);
    score.set_explanation(absl::StrFormat(
        "rating %.1f (%d reviews), timeliness %.1f (%d days late), deficiencies %.1f "
        "(%d found, %d open, %d overdue)",
        rating, a.reviews_size(), timeliness, days_late, deficiencies, found, open, overdue));
  }
  auto* scores = ranking.mutable_scores();
  std::stable_sort(scores->begin(), scores->end(), [](const auto& x, const auto& y) {
    if (x.score() != y.score()) return x.score() > y.score();
    return x.organisation() < y.organisation();
  });
  for (int i = 0; i < scores->size(); ++i) {
    const bool tie = i > 0 && (*scores)[i].score() == (*scores)[i - 1].score();
    (*scores)[i].set_rank(tie ? (*scores)[i - 1].rank() : i + 1);
  }
  return ranking;
}

std::string InputsDigest(const v1::EvaluationInputs& inputs) {
  return absl::StrCat("sha256:", Sha256Hex(DeterministicBytes(inputs)));
}

}  // namespace svcup
