// Integration tests of reviews and forwarding packages, with plans, reports and reviews in
// process, through the generated stubs on 127.0.0.1 (port 0). Inspections, evaluation,
// documents and denials: inspections_and_evaluation_service_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_replace.h"
#include "tests/reviews/reviews_service_fixture.h"

namespace svcup::reviews {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST_F(ReviewsServiceTest, AHalfYearCycleWithAReturnAResubmissionAndForwarding) {
  const std::string hpo = Reviewer("high-prosecutors");
  v1::ReportRevision taipei = Submit("dpo-taipei");
  const v1::ReportRevision shilin = Submit("dpo-shilin");

  v1::Review returned, accepted, out;
  ASSERT_TRUE(Review(hpo, taipei, v1::REVIEW_DECISION_RETURN, &returned).ok());
  EXPECT_EQ(returned.name(), "orgs/dpo-taipei/reports/2018-1/revisions/1/review");
  EXPECT_EQ(returned.reviewed_revision().content_digest(), taipei.content_digest());
  EXPECT_EQ(ReportOf("dpo-taipei").state(), v1::REPORT_STATE_RETURNED);
  EXPECT_EQ(ReportOf("dpo-taipei").return_reason(), "請補充滿意度調查方法");

  // Forwarding is refused while agencies are unreviewed, naming them.
  v1::ForwardPackageRequest forward = ForwardAllBut("high-prosecutors", {"dpo-taipei", "dpo-shilin"});
  v1::ForwardingPackage package;
  grpc::Status status = stub().ForwardPackage(Context(hpo).get(), forward, &package);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(),
            "cannot forward orgs/high-prosecutors 2018-1: no accepted report for "
            "orgs/dpo-shilin, orgs/dpo-taipei; review them, or list them in `missing` with a "
            "reason");

  taipei = Submit("dpo-taipei", "修正後摘要");
  EXPECT_EQ(taipei.revision(), 2);
  ASSERT_TRUE(Review(hpo, taipei, v1::REVIEW_DECISION_ACCEPT, &accepted, v1::RATING_EXCELLENT).ok());
  ASSERT_TRUE(Review(hpo, shilin, v1::REVIEW_DECISION_ACCEPT, &out).ok());
  EXPECT_EQ(ReportOf("dpo-taipei").state(), v1::REPORT_STATE_ACCEPTED);

  ASSERT_TRUE(stub().ForwardPackage(Context(hpo).get(), forward, &package).ok());
  EXPECT_EQ(package.name(), "orgs/high-prosecutors/packages/2018-1/versions/1");
  ASSERT_EQ(package.entries_size(), 2);
  EXPECT_EQ(package.entries(0).organisation(), "orgs/dpo-shilin");
  EXPECT_EQ(package.entries(1).revision(), "orgs/dpo-taipei/reports/2018-1/revisions/2");
  EXPECT_EQ(package.entries(1).rating(), v1::RATING_EXCELLENT);
  EXPECT_EQ(package.missing_size(), 18);
  EXPECT_FALSE(package.late());

  // Forwarded packages are immutable; the ministry acknowledges.
  forward.set_request_id("forward-again");
  v1::ForwardingPackage again;
  status = stub().ForwardPackage(Context(hpo).get(), forward, &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  v1::AcknowledgePackageRequest ack;
  ack.set_name(package.name());
  ack.set_etag(package.etag());
  ack.set_request_id("ack-1");
  v1::ForwardingPackage acknowledged;
  ASSERT_TRUE(stub().AcknowledgePackage(Context(Officer()).get(), ack, &acknowledged).ok());
  EXPECT_EQ(acknowledged.state(), v1::PACKAGE_STATE_ACKNOWLEDGED);
  EXPECT_EQ(stub().AcknowledgePackage(Context(hpo).get(), ack, &acknowledged).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ReviewsServiceTest, TheMinistryReturnsAPackageAndANewVersionFollows) {
  const std::string hpo = Reviewer("high-prosecutors");
  v1::Review review;
  ASSERT_TRUE(Review(hpo, Submit("dpo-taipei"), v1::REVIEW_DECISION_ACCEPT, &review).ok());
  v1::ForwardPackageRequest forward = ForwardAllBut("high-prosecutors", {"dpo-taipei"});
  clock().SetTaipeiDay(absl::CivilDay(2018, 8, 3));
  v1::ForwardingPackage first, returned, second;
  ASSERT_TRUE(stub().ForwardPackage(Context(hpo).get(), forward, &first).ok());
  EXPECT_TRUE(first.late());
  EXPECT_EQ(first.days_late(), 3);
  v1::ReturnPackageRequest ret;
  ret.set_name(first.name());
  ret.set_reason("請補正未提報機關之說明");
  ret.set_etag(first.etag());
  ret.set_request_id("return-pkg");
  ASSERT_TRUE(stub().ReturnPackage(Context(Officer()).get(), ret, &returned).ok());
  EXPECT_EQ(returned.state(), v1::PACKAGE_STATE_RETURNED);
  forward.set_request_id("forward-v2");
  ASSERT_TRUE(stub().ForwardPackage(Context(hpo).get(), forward, &second).ok());
  EXPECT_EQ(second.version(), 2);
  v1::GetPackageRequest get;
  get.set_name("orgs/high-prosecutors/packages/2018-1/versions/1");
  v1::ForwardingPackage read;
  ASSERT_TRUE(stub().GetPackage(Context(hpo).get(), get, &read).ok());
  EXPECT_EQ(read.return_reason(), "請補正未提報機關之說明");
}

TEST_F(ReviewsServiceTest, KinmenIsReviewedByTheMinistryAndReachesItsInbox) {
  const v1::ReportRevision kinmen = Submit("dpo-kinmen");
  v1::Review review;
  const grpc::Status denied =
      Review(Reviewer("high-prosecutors"), kinmen, v1::REVIEW_DECISION_ACCEPT, &review);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Review(Reviewer("moj"), kinmen, v1::REVIEW_DECISION_ACCEPT, &review).ok());
  EXPECT_EQ(review.reviewer().organisation(), "orgs/moj");

  v1::GetMinistryInboxRequest request;
  request.set_year(2018);
  request.set_period(1);
  v1::MinistryInbox inbox;
  ASSERT_TRUE(stub().GetMinistryInbox(Context(Officer()).get(), request, &inbox).ok());
  ASSERT_EQ(inbox.direct_reports_size(), 1);
  EXPECT_EQ(inbox.direct_reports(0).name(), kinmen.name());
  EXPECT_EQ(inbox.completeness().total(), 84);
  EXPECT_EQ(inbox.completeness().on_time(), 1);
  EXPECT_EQ(stub().GetMinistryInbox(Context(Reviewer("corrections")).get(), request, &inbox).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ReviewsServiceTest, ReviewsNameTheExactRevisionAndContent) {
  const std::string hpo = Reviewer("high-prosecutors");
  v1::ReportRevision first = Submit("dpo-taipei");
  v1::Review review;
  // A digest that is not the revision's: the reviewer read something else.
  v1::ReportRevision wrong = first;
  wrong.set_content_digest("sha256:" + std::string(64, '0'));
  grpc::Status status = Review(hpo, wrong, v1::REVIEW_DECISION_ACCEPT, &review);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("is not the digest of"));

  ASSERT_TRUE(Review(hpo, first, v1::REVIEW_DECISION_RETURN, &review).ok());
  const v1::ReportRevision second = Submit("dpo-taipei", "第二版");
  status = Review(hpo, first, v1::REVIEW_DECISION_ACCEPT, &review);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(),
            "orgs/dpo-taipei/reports/2018-1/revisions/1 is superseded by revision 2; review the "
            "latest revision");

  // Bad input names the field.
  v1::CreateReviewRequest bad;
  bad.set_revision(second.name());
  bad.set_content_digest(second.content_digest());
  bad.set_overall_opinion("意見");
  bad.set_rating(v1::RATING_GOOD);
  bad.set_decision(v1::REVIEW_DECISION_RETURN);
  bad.set_request_id("bad-review");
  status = stub().CreateReview(Context(hpo).get(), bad, &review);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "return_reason: a return needs a reason, overall (return_reason) or per measure "
            "(return_measure_reasons)");
  bad.set_decision(v1::REVIEW_DECISION_ACCEPT);
  bad.add_measure_opinions()->set_measure_code("5.1");
  bad.mutable_measure_opinions(0)->set_opinion("?");
  status = stub().CreateReview(Context(hpo).get(), bad, &review);
  EXPECT_EQ(status.error_message(),
            "measure_opinions[0].measure_code: \"5.1\" is not a measure the revision reports");
}

TEST_F(ReviewsServiceTest, AFailedDecisionLeavesNoReviewAndARetrySucceeds) {
  const std::string hpo = Reviewer("high-prosecutors");
  const v1::ReportRevision revision = Submit("dpo-taipei");
  FlakyReports::fail_decisions = true;
  v1::Review review;
  const grpc::Status failed = Review(hpo, revision, v1::REVIEW_DECISION_ACCEPT, &review);
  EXPECT_EQ(failed.error_code(), grpc::StatusCode::UNAVAILABLE);
  v1::GetReviewRequest get;
  get.set_name(revision.name() + "/review");
  EXPECT_EQ(stub().GetReview(Context(hpo).get(), get, &review).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ReportOf("dpo-taipei").state(), v1::REPORT_STATE_SUBMITTED);

  FlakyReports::fail_decisions = false;
  ASSERT_TRUE(Review(hpo, revision, v1::REVIEW_DECISION_ACCEPT, &review).ok());
  EXPECT_EQ(ReportOf("dpo-taipei").state(), v1::REPORT_STATE_ACCEPTED);
  // The same request again replays; a different one is refused.
  v1::Review replay;
  ASSERT_TRUE(Review(hpo, revision, v1::REVIEW_DECISION_ACCEPT, &replay).ok());
  EXPECT_EQ(replay.create_time().seconds(), review.create_time().seconds());
  v1::CreateReviewRequest again;
  again.set_revision(revision.name());
  again.set_content_digest(revision.content_digest());
  again.set_overall_opinion("再次審查");
  again.set_rating(v1::RATING_FAIR);
  again.set_decision(v1::REVIEW_DECISION_ACCEPT);
  again.set_request_id("second-review");
  EXPECT_EQ(stub().CreateReview(Context(hpo).get(), again, &replay).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

// The decision reached reports but the review was not stored (the answer was lost, or this
// service's database failed in between): the client's retry, with the same request id, sends the
// same decision (reports replays it) and stores the one review.
TEST_F(ReviewsServiceTest, ARetryAfterADecisionWhoseAnswerWasLostStoresTheReviewOnce) {
  const std::string hpo = Reviewer("high-prosecutors");
  const v1::ReportRevision revision = Submit("dpo-taipei");
  FlakyReports::lose_answers = true;
  v1::Review review;
  EXPECT_EQ(Review(hpo, revision, v1::REVIEW_DECISION_ACCEPT, &review).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ReportOf("dpo-taipei").state(), v1::REPORT_STATE_ACCEPTED);  // decided, not stored
  FlakyReports::lose_answers = false;
  const grpc::Status retried = Review(hpo, revision, v1::REVIEW_DECISION_ACCEPT, &review);
  ASSERT_TRUE(retried.ok()) << retried.error_message();
  EXPECT_EQ(review.name(), revision.name() + "/review");
  // A different request for the decided revision is still refused.
  v1::CreateReviewRequest other;
  other.set_revision(revision.name());
  other.set_content_digest(revision.content_digest());
  other.set_overall_opinion("另一次審查");
  other.set_rating(v1::RATING_FAIR);
  other.set_decision(v1::REVIEW_DECISION_ACCEPT);
  other.set_request_id("another-review");
  v1::Review refused;
  EXPECT_EQ(stub().CreateReview(Context(hpo).get(), other, &refused).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

}  // namespace
}  // namespace svcup::reviews
