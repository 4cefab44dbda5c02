// Integration tests of frozen evaluations, with plans, reports and reviews in process through
// the generated stubs on 127.0.0.1 (port 0): a ranking frozen with its inputs and a digest over
// them, recomputed from those inputs alone.
#include <gtest/gtest.h>

#include "common/evaluation/evaluation_formula.h"
#include "tests/reviews/reviews_service_fixture.h"

namespace svcup::reviews {
namespace {

class FrozenEvaluationTest : public ReviewsServiceTest {
 protected:
  grpc::Status Freeze(const std::string& request_id, v1::FrozenEvaluation* out) {
    v1::FreezeEvaluationRequest request;
    request.set_year(2018);
    request.set_request_id(request_id);
    return stub().FreezeEvaluation(Context(Officer()).get(), request, out);
  }

  grpc::Status Get(const std::string& token, const std::string& name, v1::FrozenEvaluation* out) {
    v1::GetFrozenEvaluationRequest request;
    request.set_name(name);
    return stub().GetFrozenEvaluation(Context(token).get(), request, out);
  }
};

TEST_F(FrozenEvaluationTest, AFrozenRankingIsRecomputedFromItsInputsAlone) {
  const std::string hpo = Reviewer("high-prosecutors");
  const v1::ReportRevision taipei = Submit("dpo-taipei");
  v1::Review review;
  ASSERT_TRUE(Review(hpo, taipei, v1::REVIEW_DECISION_ACCEPT, &review, v1::RATING_EXCELLENT).ok());

  v1::FrozenEvaluation frozen;
  ASSERT_TRUE(Freeze("freeze-1", &frozen).ok());
  EXPECT_EQ(frozen.name(), "evaluations/2018/versions/1");
  EXPECT_EQ(frozen.inputs().agencies_size(), 84);
  EXPECT_EQ(frozen.inputs_digest(), InputsDigest(frozen.inputs()));
  EXPECT_EQ(Rank(frozen.inputs()).SerializeAsString(), frozen.ranking().SerializeAsString());
  EXPECT_EQ(frozen.frozen_by().organisation(), "orgs/moj");
  // The live ranking of the same moment is the frozen one.
  v1::RankEvaluationsRequest rank;
  rank.set_year(2018);
  v1::EvaluationRanking live;
  ASSERT_TRUE(stub().RankEvaluations(Context(Officer()).get(), rank, &live).ok());
  EXPECT_EQ(live.SerializeAsString(), frozen.ranking().SerializeAsString());
  // Taipei's inputs name the review and the digest of the content it accepted.
  const v1::EvaluationInput* input = nullptr;
  for (const auto& a : frozen.inputs().agencies()) {
    if (a.organisation() == "orgs/dpo-taipei") input = &a;
  }
  ASSERT_NE(input, nullptr);
  ASSERT_EQ(input->reviews_size(), 1);
  EXPECT_EQ(input->reviews(0).review(), review.name());
  EXPECT_EQ(input->reviews(0).content_digest(), taipei.content_digest());
  EXPECT_EQ(input->reviews(0).decision(), v1::REVIEW_DECISION_ACCEPT);
  ASSERT_EQ(input->periods_size(), 2);

  // Read back unchanged; a retry replays the same version; a new freeze is version 2.
  v1::FrozenEvaluation read, again;
  ASSERT_TRUE(Get(Officer(), frozen.name(), &read).ok());
  EXPECT_EQ(read.SerializeAsString(), frozen.SerializeAsString());
  ASSERT_TRUE(Freeze("freeze-1", &again).ok());
  EXPECT_EQ(again.name(), frozen.name());
  ASSERT_TRUE(Freeze("freeze-2", &again).ok());
  EXPECT_EQ(again.name(), "evaluations/2018/versions/2");
  EXPECT_EQ(again.inputs_digest(), frozen.inputs_digest());  // nothing changed in between
}

TEST_F(FrozenEvaluationTest, OnlyTheMinistryFreezesAndReads) {
  v1::FrozenEvaluation frozen;
  ASSERT_TRUE(Freeze("freeze-1", &frozen).ok());
  v1::FrozenEvaluation out;
  EXPECT_TRUE(Get(Token("moj", v1::ROLE_SUPERVISOR_REVIEWER), frozen.name(), &out).ok());
  grpc::Status status = Get(Reviewer("high-prosecutors"), frozen.name(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(status.error_message(),
            "orgs/high-prosecutors may not read evaluations/2018/versions/1: only the ministry's "
            "officers and reviewers may");
  EXPECT_EQ(Get(Staff("dpo-taipei"), frozen.name(), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::FreezeEvaluationRequest request;
  request.set_year(2018);
  request.set_request_id("freeze-by-hpo");
  EXPECT_EQ(stub()
                .FreezeEvaluation(Context(Reviewer("high-prosecutors")).get(), request, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  status = Get(Officer(), "evaluations/2018/versions/9", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "evaluations/2018/versions/9 does not exist");
  status = Get(Officer(), "evaluations/2018", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "name: \"evaluations/2018\" is not of the form \"evaluations/{year}/versions/{n}\"");
}

}  // namespace
}  // namespace svcup::reviews
