// Domain tests of reviews: the Reviews aggregate over SQLite with fakes of the plans and reports
// services, no gRPC server. The decision goes to reports first; a refused decision keeps no
// review; the reviewer must be the recipient and must have read the current content.
#include "services/reviews/reviews.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/storage/sqlite_database.h"
#include "services/reports/report_rules.h"
#include "services/reviews/sql_review_store.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_plans_gateway.h"
#include "tests/testing/fake_reports_client.h"
#include "tests/testing/reports_fixture.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_database.h"

namespace svcup::reviews {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kRevision[] = "orgs/dpo-taipei/reports/2018-1/revisions/1";

class ReviewsTest : public ::testing::Test {
 protected:
  ReviewsTest()
      : clock_(StartOfTaipeiDay(absl::CivilDay(2018, 8, 5)) + absl::Hours(10)),
        store_(*SqlReviewStore::Open(testing::OpenTestDatabase(dir_.path() + "/r.db"))),
        reviews_(*store_, plans_, reports_, clock_) {
    v1::ReportRevision revision;
    revision.set_name(kRevision);
    revision.set_report("orgs/dpo-taipei/reports/2018-1");
    revision.set_revision(1);
    *revision.mutable_content() = testing::CompleteReport(1);
    revision.set_content_digest(reports::ContentDigest(revision.content()));
    revision.set_recipient("orgs/high-prosecutors");
    reports_.AddSubmittedRevision(revision);
    digest_ = revision.content_digest();
  }

  static v1::Principal Reviewer(const std::string& org) {
    v1::Principal p;
    p.set_organisation("orgs/" + org);
    p.set_role(v1::ROLE_SUPERVISOR_REVIEWER);
    p.set_subject("reviewer.huang");
    return p;
  }

  v1::CreateReviewRequest Accept() const {
    v1::CreateReviewRequest request;
    request.set_revision(kRevision);
    request.set_content_digest(digest_);
    request.set_overall_opinion("內容完整");
    request.set_rating(v1::RATING_GOOD);
    request.set_decision(v1::REVIEW_DECISION_ACCEPT);
    request.set_request_id("review-1");
    return request;
  }

  absl::StatusOr<v1::Review> Read() {
    v1::GetReviewRequest get;
    get.set_name(absl::StrCat(kRevision, "/review"));
    return reviews_.GetReview(Reviewer("high-prosecutors"), get);
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  testing::FakePlansGateway plans_;
  testing::FakeReportsClient reports_;
  std::unique_ptr<ReviewStore> store_;
  Reviews reviews_;
  std::string digest_;
};

TEST_F(ReviewsTest, TheDecisionGoesToReportsAndTheReviewKeepsTheRevision) {
  auto review = reviews_.CreateReview(Reviewer("high-prosecutors"), Accept());
  ASSERT_TRUE(review.ok()) << review.status();
  EXPECT_EQ(review->name(), absl::StrCat(kRevision, "/review"));
  EXPECT_EQ(review->content_digest(), digest_);
  EXPECT_EQ(review->reviewed_revision().content().summary(), "執行成果摘要");
  EXPECT_THAT(reports_.decisions(), ElementsAre(absl::StrCat("accept ", kRevision)));
  // A retry with the same request_id returns the first answer and decides nothing again.
  auto retry = reviews_.CreateReview(Reviewer("high-prosecutors"), Accept());
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->create_time().seconds(), review->create_time().seconds());
  EXPECT_EQ(reports_.decisions().size(), 1u);
}

TEST_F(ReviewsTest, ARefusedDecisionKeepsNoReview) {
  reports_.FailDecisionsWith(absl::UnavailableError("reports down"));
  EXPECT_EQ(reviews_.CreateReview(Reviewer("high-prosecutors"), Accept()).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(Read().status().code(), absl::StatusCode::kNotFound);
  reports_.FailDecisionsWith(absl::OkStatus());
  EXPECT_TRUE(reviews_.CreateReview(Reviewer("high-prosecutors"), Accept()).ok());
  EXPECT_TRUE(Read().ok());
}

TEST_F(ReviewsTest, OnlyTheRecipientReviewsWhatItRead) {
  const absl::Status other = reviews_.CreateReview(Reviewer("corrections"), Accept()).status();
  EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
  v1::CreateReviewRequest stale = Accept();
  stale.set_content_digest("sha256:00");
  const absl::Status refused = reviews_.CreateReview(Reviewer("high-prosecutors"), stale).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("read the revision again before reviewing it"));
  EXPECT_TRUE(reports_.decisions().empty());
}

}  // namespace
}  // namespace svcup::reviews
