// Integration tests of returns with reasons per measure, the agency's answers, the changes a
// reviewer reads, and batch review, with plans, reports and reviews in process through the
// generated stubs on 127.0.0.1 (port 0).
#include <gtest/gtest.h>

#include "tests/reviews/reviews_service_fixture.h"

namespace svcup::reviews {
namespace {

// The reviews fixture with the requests these tests send.
class ReviewChangesTest : public ReviewsServiceTest {
 protected:
  // A return of `revision` with one reason for measure 2.3 and none overall.
  static v1::CreateReviewRequest ReturnForMeasure(const v1::ReportRevision& revision) {
    v1::CreateReviewRequest request =
        ReviewRequest(revision, v1::REVIEW_DECISION_RETURN, v1::RATING_FAIR);
    request.clear_return_reason();
    v1::ReturnReason& reason = *request.add_return_measure_reasons();
    reason.set_measure_code("2.3");
    reason.set_reason("請補充滿意度調查之樣本數");
    return request;
  }

  // An acceptance of `revision`.
  static v1::CreateReviewRequest Accept(const v1::ReportRevision& revision) {
    return ReviewRequest(revision, v1::REVIEW_DECISION_ACCEPT);
  }
};

TEST_F(ReviewChangesTest, AReturnPerMeasureIsAnsweredAndTheReviewerSeesReasonAnswerAndChange) {
  const std::string hpo = Reviewer("high-prosecutors");
  const v1::ReportRevision first = Submit("dpo-taipei");
  v1::Review returned;
  ASSERT_TRUE(stub().CreateReview(Context(hpo).get(), ReturnForMeasure(first), &returned).ok());
  ASSERT_EQ(returned.return_measure_reasons_size(), 1);
  const v1::ProgressReport report = ReportOf("dpo-taipei");
  EXPECT_EQ(report.state(), v1::REPORT_STATE_RETURNED);
  EXPECT_EQ(report.return_reason(), "");
  ASSERT_EQ(report.return_reasons_size(), 1);
  EXPECT_EQ(report.return_reasons(0).measure_code(), "2.3");
  EXPECT_EQ(report.return_reasons(0).reason(), "請補充滿意度調查之樣本數");

  // The fixture answers each reason and changes the summary.
  const v1::ReportRevision second = Submit("dpo-taipei", "已補充樣本數");
  ASSERT_EQ(second.revision(), 2);
  v1::Review accepted;
  ASSERT_TRUE(stub().CreateReview(Context(hpo).get(), Accept(second), &accepted).ok());
  const v1::ReportRevision& read = accepted.reviewed_revision();
  ASSERT_EQ(read.answered_reasons_size(), 1);
  EXPECT_EQ(read.answered_reasons(0).measure_code(), "2.3");
  ASSERT_EQ(read.content().reason_answers_size(), 1);
  EXPECT_EQ(read.content().reason_answers(0).measure_code(), "2.3");
  EXPECT_EQ(read.changes().base_revision(), first.name());
  EXPECT_TRUE(read.changes().summary_changed());
  EXPECT_EQ(read.changes().measures_size(), 0);
  EXPECT_EQ(read.changes_since_decision().base_revision(), first.name());

  // Attachment 2 shows reason, answer and change side by side.
  v1::RenderDocumentRequest render;
  render.set_name(accepted.name());
  render.set_format(v1::EXPORT_FORMAT_HTML);
  render.set_language(v1::LANGUAGE_EN);
  v1::Document document;
  ASSERT_TRUE(stub().RenderDocument(Context(hpo).get(), render, &document).ok());
  EXPECT_NE(document.content().find("<h2>Changes in this revision</h2>\n<p>Compared with "
                                    "orgs/dpo-taipei/reports/2018-1/revisions/1</p>"),
            std::string::npos);
  EXPECT_NE(
      document.content().find("<tr><td>2.3</td><td>請補充滿意度調查之樣本數</td><td>已補充</td>"
                              "<td>Unchanged</td></tr>"),
      std::string::npos)
      << document.content();
  EXPECT_NE(document.content().find("<tr><td>Overall</td><td></td><td></td><td>summary</td></tr>"),
            std::string::npos);
}

TEST_F(ReviewChangesTest, AReturnNeedsAReasonAboutAMeasureTheRevisionReports) {
  const std::string hpo = Reviewer("high-prosecutors");
  const v1::ReportRevision revision = Submit("dpo-taipei");
  v1::CreateReviewRequest request = ReturnForMeasure(revision);
  request.mutable_return_measure_reasons(0)->set_measure_code("6.1");
  v1::Review out;
  grpc::Status status = stub().CreateReview(Context(hpo).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "return_measure_reasons[0].measure_code: \"6.1\" is not a measure the revision "
            "reports");
  request.clear_return_measure_reasons();
  status = stub().CreateReview(Context(hpo).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "return_reason: a return needs a reason, overall (return_reason) or per measure "
            "(return_measure_reasons)");
  // Nothing was decided: the report still awaits review.
  EXPECT_EQ(ReportOf("dpo-taipei").state(), v1::REPORT_STATE_SUBMITTED);
}

TEST_F(ReviewChangesTest, ABatchDecidesEachRevisionOnItsOwnAndReportsEach) {
  const std::string hpo = Reviewer("high-prosecutors");
  const v1::ReportRevision taipei = Submit("dpo-taipei");
  const v1::ReportRevision shilin = Submit("dpo-shilin");
  const v1::ReportRevision banqiao = Submit("dpo-taoyuan");
  v1::BatchCreateReviewsRequest batch;
  *batch.add_requests() = Accept(taipei);
  *batch.add_requests() = ReturnForMeasure(shilin);
  v1::CreateReviewRequest stale = Accept(banqiao);
  stale.set_content_digest(taipei.content_digest() == banqiao.content_digest()
                               ? "sha256:" + std::string(64, '0')
                               : taipei.content_digest());
  *batch.add_requests() = stale;
  v1::BatchCreateReviewsResponse response;
  ASSERT_TRUE(stub().BatchCreateReviews(Context(hpo).get(), batch, &response).ok());
  ASSERT_EQ(response.results_size(), 3);
  EXPECT_EQ(response.succeeded(), 2);
  EXPECT_EQ(response.failed(), 1);
  EXPECT_EQ(response.results(0).code(), 0);
  EXPECT_EQ(response.results(0).review().decision(), v1::REVIEW_DECISION_ACCEPT);
  EXPECT_EQ(response.results(1).code(), 0);
  EXPECT_EQ(response.results(1).review().decision(), v1::REVIEW_DECISION_RETURN);
  EXPECT_EQ(response.results(2).revision(), banqiao.name());
  EXPECT_EQ(response.results(2).code(), static_cast<int>(grpc::StatusCode::FAILED_PRECONDITION));
  EXPECT_EQ(response.results(2).message().rfind("content_digest: ", 0), 0u);
  EXPECT_EQ(ReportOf("dpo-taipei").state(), v1::REPORT_STATE_ACCEPTED);
  EXPECT_EQ(ReportOf("dpo-shilin").state(), v1::REPORT_STATE_RETURNED);
  EXPECT_EQ(ReportOf("dpo-taoyuan").state(), v1::REPORT_STATE_SUBMITTED);

  // The same batch again: the two stored reviews replay, the refused one is refused again.
  v1::BatchCreateReviewsResponse again;
  ASSERT_TRUE(stub().BatchCreateReviews(Context(hpo).get(), batch, &again).ok());
  EXPECT_EQ(again.results(0).review().SerializeAsString(),
            response.results(0).review().SerializeAsString());
  EXPECT_EQ(again.succeeded(), 2);
}

TEST_F(ReviewChangesTest, AMalformedBatchIsRefusedWhole) {
  const std::string hpo = Reviewer("high-prosecutors");
  const v1::ReportRevision taipei = Submit("dpo-taipei");
  v1::BatchCreateReviewsRequest batch;
  v1::BatchCreateReviewsResponse response;
  grpc::Status status = stub().BatchCreateReviews(Context(hpo).get(), batch, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "requests: a batch holds 1..50 reviews, got none");
  *batch.add_requests() = Accept(taipei);
  *batch.add_requests() = Accept(taipei);
  status = stub().BatchCreateReviews(Context(hpo).get(), batch, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "requests[1].revision: \"orgs/dpo-taipei/reports/2018-1/revisions/1\" is in the batch "
            "twice");
  EXPECT_EQ(ReportOf("dpo-taipei").state(), v1::REPORT_STATE_SUBMITTED);
}

}  // namespace
}  // namespace svcup::reviews
