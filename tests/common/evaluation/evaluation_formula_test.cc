// Unit tests of the evaluation formula: a pure function of its inputs.
#include "common/evaluation/evaluation_formula.h"

#include <gtest/gtest.h>

namespace svcup {
namespace {

v1::AgencyCompleteness Period(v1::CompletenessStatus status, int days_late = 0) {
  v1::AgencyCompleteness line;
  line.set_status(status);
  line.set_days_late(days_late);
  return line;
}

// Agency a: two reviews, on time then 4 days late, two deficiencies (one open and overdue);
// agency b: no review, period missing, no deficiency.
v1::EvaluationInputs TwoAgencies() {
  v1::EvaluationInputs inputs;
  inputs.set_year(2018);
  *inputs.mutable_weights() = *EffectiveWeights(nullptr);
  v1::EvaluationInput& b = *inputs.add_agencies();
  b.set_organisation("orgs/b");
  *b.add_periods() = Period(v1::COMPLETENESS_STATUS_MISSING);
  v1::EvaluationInput& a = *inputs.add_agencies();
  a.set_organisation("orgs/a");
  for (v1::Rating rating : {v1::RATING_EXCELLENT, v1::RATING_GOOD}) {
    a.add_reviews()->set_rating(rating);
  }
  *a.add_periods() = Period(v1::COMPLETENESS_STATUS_ON_TIME);
  *a.add_periods() = Period(v1::COMPLETENESS_STATUS_LATE, 4);
  a.add_deficiencies()->set_state(v1::DEFICIENCY_STATE_CLOSED);
  v1::EvaluatedDeficiency& open = *a.add_deficiencies();
  open.set_state(v1::DEFICIENCY_STATE_OPEN);
  open.set_overdue(true);
  return inputs;
}

TEST(EvaluationFormula, ScoresFollowTheDocumentedFormula) {
  const v1::EvaluationRanking ranking = Rank(TwoAgencies());
  ASSERT_EQ(ranking.scores_size(), 2);
  const v1::EvaluationScore& first = ranking.scores(0);
  EXPECT_EQ(first.organisation(), "orgs/a");
  EXPECT_DOUBLE_EQ(first.rating_part(), 92.5);
  EXPECT_DOUBLE_EQ(first.timeliness_part(), 90);  // (100 + 80) / 2
  EXPECT_DOUBLE_EQ(first.deficiency_part(), 100 - 10 - 10 - 15);
  EXPECT_DOUBLE_EQ(first.score(), 0.5 * 92.5 + 0.3 * 90 + 0.2 * 65);
  EXPECT_EQ(first.explanation(),
            "rating 92.5 (2 reviews), timeliness 90.0 (4 days late), deficiencies 65.0 (2 found, "
            "1 open, 1 overdue)");
  EXPECT_DOUBLE_EQ(ranking.scores(1).score(), 0.2 * 100);  // nothing but clean inspections
  EXPECT_EQ(ranking.scores(1).rank(), 2);
}

TEST(EvaluationFormula, TheSameInputsGiveTheSameRankingAndDigest) {
  const v1::EvaluationInputs inputs = TwoAgencies();
  EXPECT_EQ(Rank(inputs).SerializeAsString(), Rank(TwoAgencies()).SerializeAsString());
  EXPECT_EQ(InputsDigest(inputs), InputsDigest(TwoAgencies()));
  EXPECT_EQ(InputsDigest(inputs).substr(0, 7), "sha256:");
  v1::EvaluationInputs changed = inputs;
  changed.mutable_agencies(1)->mutable_reviews(0)->set_rating(v1::RATING_POOR);
  EXPECT_NE(InputsDigest(changed), InputsDigest(inputs));
  EXPECT_NE(Rank(changed).scores(0).score(), Rank(inputs).scores(0).score());
}

TEST(EvaluationFormula, WeightsDefaultAndMustBeSensible) {
  EXPECT_DOUBLE_EQ(EffectiveWeights(nullptr)->timeliness(), 0.3);
  v1::EvaluationWeights only_rating;
  only_rating.set_rating(1);
  EXPECT_DOUBLE_EQ(EffectiveWeights(&only_rating)->timeliness(), 0);
  v1::EvaluationWeights negative;
  negative.set_deficiencies(-0.1);
  EXPECT_EQ(EffectiveWeights(&negative).status().code(), absl::StatusCode::kInvalidArgument);
  const v1::EvaluationWeights zero;
  EXPECT_EQ(EffectiveWeights(&zero).status().message(),
            "weights: must not sum to zero; omit weights for the defaults (0.5, 0.3, 0.2)");
}

}  // namespace
}  // namespace svcup
