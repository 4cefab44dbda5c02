// Integration tests of inspections, meeting counts, the evaluation, documents and the denials,
// with plans, reports and reviews in process, through the generated stubs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_replace.h"
#include "tests/reviews/reviews_service_fixture.h"

namespace svcup::reviews {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST_F(ReviewsServiceTest, InspectionsFindDeficienciesThatAreAnsweredClosedAndReopened) {
  const std::string hpo = Reviewer("high-prosecutors");
  v1::RecordInspectionRequest record;
  record.set_organisation("orgs/dpo-taipei");
  *record.mutable_date() = DateToProto(absl::CivilDay(2018, 7, 5));
  record.set_kind(v1::INSPECTION_KIND_UNSCHEDULED_VERIFICATION);
  record.set_findings("服務台動線不佳");
  auto* d1 = record.add_deficiencies();
  d1->set_description("無障礙坡道未設置扶手");
  *d1->mutable_due_date() = DateToProto(absl::CivilDay(2018, 8, 31));
  auto* d2 = record.add_deficiencies();
  d2->set_description("叫號系統故障");
  *d2->mutable_due_date() = DateToProto(absl::CivilDay(2018, 7, 20));
  record.set_request_id("inspect-1");
  v1::Inspection inspection, denied;
  ASSERT_TRUE(stub().RecordInspection(Context(hpo).get(), record, &inspection).ok());
  EXPECT_EQ(inspection.name(), "orgs/dpo-taipei/inspections/1");
  ASSERT_EQ(inspection.deficiencies_size(), 2);
  EXPECT_EQ(inspection.deficiencies(1).name(), "orgs/dpo-taipei/inspections/1/deficiencies/2");
  // One spelling per name: "inspections/01" is not inspection 1.
  v1::GetInspectionRequest get_other;
  get_other.set_name("orgs/dpo-taipei/inspections/01");
  grpc::Status other = stub().GetInspection(Context(hpo).get(), get_other, &denied);
  EXPECT_EQ(other.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(other.error_message(),
            "name: inspection number \"01\" must be a number in 1..999999, written in digits "
            "with no sign, space or leading zero");
  EXPECT_EQ(
      stub().RecordInspection(Context(Reviewer("corrections")).get(), record, &denied).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  record.set_request_id("inspect-by-ministry");
  ASSERT_TRUE(stub().RecordInspection(Context(Officer()).get(), record, &denied).ok());
  EXPECT_EQ(denied.name(), "orgs/dpo-taipei/inspections/2");

  v1::AnswerDeficiencyRequest answer;
  answer.set_name(inspection.deficiencies(0).name());
  answer.set_corrective_action("已於8月10日完成扶手設置");
  answer.set_etag(inspection.deficiencies(0).etag());
  answer.set_request_id("answer-1");
  v1::Deficiency answered, closed, reopened;
  ASSERT_TRUE(stub().AnswerDeficiency(Context(Staff("dpo-taipei")).get(), answer, &answered).ok());
  EXPECT_EQ(answered.state(), v1::DEFICIENCY_STATE_ANSWERED);

  v1::CloseDeficiencyRequest close;
  close.set_name(answered.name());
  close.set_etag(answered.etag());
  close.set_request_id("close-1");
  EXPECT_EQ(stub().CloseDeficiency(Context(Staff("dpo-taipei")).get(), close, &closed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub().CloseDeficiency(Context(hpo).get(), close, &closed).ok());
  EXPECT_EQ(closed.state(), v1::DEFICIENCY_STATE_CLOSED);

  v1::ReopenDeficiencyRequest reopen;
  reopen.set_name(closed.name());
  reopen.set_reason("複查發現扶手鬆動");
  reopen.set_etag(closed.etag());
  reopen.set_request_id("reopen-1");
  ASSERT_TRUE(stub().ReopenDeficiency(Context(hpo).get(), reopen, &reopened).ok());
  EXPECT_EQ(reopened.state(), v1::DEFICIENCY_STATE_OPEN);
  EXPECT_EQ(reopened.reopen_reason(), "複查發現扶手鬆動");
  // A second close with the old etag is stale.
  close.set_request_id("close-stale");
  EXPECT_EQ(stub().CloseDeficiency(Context(hpo).get(), close, &closed).error_code(),
            grpc::StatusCode::ABORTED);

  // On 2018-07-25 the call-number deficiency is overdue.
  clock().SetTaipeiDay(absl::CivilDay(2018, 7, 25));
  v1::ListDeficienciesRequest list;
  list.set_organisation("orgs/dpo-taipei");
  list.set_overdue_only(true);
  v1::ListDeficienciesResponse overdue;
  const grpc::Status listed = stub().ListDeficiencies(Context(hpo).get(), list, &overdue);
  ASSERT_TRUE(listed.ok()) << listed.error_message();
  std::vector<std::string> names;
  for (const auto& d : overdue.deficiencies()) {
    EXPECT_TRUE(d.overdue());
    names.push_back(d.name());
  }
  EXPECT_THAT(names, ElementsAre("orgs/dpo-taipei/inspections/1/deficiencies/2",
                                 "orgs/dpo-taipei/inspections/2/deficiencies/2"));
  list.set_overdue_only(false);
  list.set_state(v1::DEFICIENCY_STATE_OPEN);
  ASSERT_TRUE(stub().ListDeficiencies(Context(Staff("dpo-taipei")).get(), list, &overdue).ok());
  EXPECT_EQ(overdue.deficiencies_size(), 4);
  EXPECT_EQ(
      stub().ListDeficiencies(Context(Staff("dpo-shilin")).get(), list, &overdue).error_code(),
      grpc::StatusCode::OK);
  EXPECT_EQ(overdue.deficiencies_size(), 0);  // another agency sees none of Taipei's
}

TEST_F(ReviewsServiceTest, TheMinistryCountsMeetingsAndRanksTheEvaluation) {
  const std::string hpo = Reviewer("high-prosecutors");
  v1::Review review;
  ASSERT_TRUE(
      Review(hpo, Submit("dpo-taipei"), v1::REVIEW_DECISION_ACCEPT, &review, v1::RATING_EXCELLENT)
          .ok());
  clock().SetTaipeiDay(absl::CivilDay(2018, 8, 4));
  ASSERT_TRUE(
      Review(hpo, Submit("dpo-shilin"), v1::REVIEW_DECISION_ACCEPT, &review, v1::RATING_FAIR).ok());

  v1::ListTaskForceMeetingCountsRequest meetings;
  meetings.set_year(2018);
  meetings.set_reports_to("orgs/high-prosecutors");
  v1::ListTaskForceMeetingCountsResponse counts;
  FlakyReports::calls = 0;
  ASSERT_TRUE(stub().ListTaskForceMeetingCounts(Context(hpo).get(), meetings, &counts).ok());
  EXPECT_EQ(FlakyReports::calls.load(), 1);  // one page of the reports addressed to it
  EXPECT_EQ(counts.counts_size(), 20);
  for (const auto& c : counts.counts()) {
    const bool reported =
        c.organisation() == "orgs/dpo-taipei" || c.organisation() == "orgs/dpo-shilin";
    EXPECT_EQ(c.meetings(), reported ? 1 : 0) << c.organisation();
  }
  // The ministry's count of the whole tree is one call too, and sees the same meetings.
  meetings.clear_reports_to();
  FlakyReports::calls = 0;
  ASSERT_TRUE(stub().ListTaskForceMeetingCounts(Context(Officer()).get(), meetings, &counts).ok());
  EXPECT_EQ(FlakyReports::calls.load(), 1);
  int with_meetings = 0;
  for (const auto& c : counts.counts()) with_meetings += c.meetings();
  EXPECT_EQ(with_meetings, 2);

  v1::RankEvaluationsRequest rank;
  rank.set_year(2018);
  rank.set_reports_to("orgs/high-prosecutors");
  v1::EvaluationRanking ranking;
  ASSERT_TRUE(stub().RankEvaluations(Context(Officer()).get(), rank, &ranking).ok());
  ASSERT_EQ(ranking.scores_size(), 20);
  const v1::EvaluationScore& best = ranking.scores(0);
  EXPECT_EQ(best.organisation(), "orgs/dpo-taipei");
  EXPECT_EQ(best.rank(), 1);
  // rating 100, timeliness (100 on time + 0 period 2 not yet due) / 2 = 50, deficiencies 100.
  EXPECT_DOUBLE_EQ(best.rating_part(), 100);
  EXPECT_DOUBLE_EQ(best.timeliness_part(), 50);
  EXPECT_DOUBLE_EQ(best.deficiency_part(), 100);
  EXPECT_DOUBLE_EQ(best.score(), 0.5 * 100 + 0.3 * 50 + 0.2 * 100);
  const v1::EvaluationScore& second = ranking.scores(1);
  EXPECT_EQ(second.organisation(), "orgs/dpo-shilin");
  EXPECT_EQ(second.days_late(), 4);
  EXPECT_DOUBLE_EQ(second.timeliness_part(), (100 - 5 * 4) / 2.0);
  EXPECT_EQ(ranking.scores(2).rank(), 3);
  EXPECT_EQ(ranking.scores(19).rank(), 3);  // the 18 without anything share a rank
  EXPECT_THAT(ranking.formula(), HasSubstr("Default weights 0.5, 0.3, 0.2"));

  rank.mutable_weights()->set_rating(-1);
  EXPECT_EQ(stub().RankEvaluations(Context(Officer()).get(), rank, &ranking).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  rank.mutable_weights()->set_rating(0);  // present, summing to zero
  EXPECT_EQ(stub().RankEvaluations(Context(Officer()).get(), rank, &ranking).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  rank.clear_weights();
  EXPECT_EQ(stub().RankEvaluations(Context(hpo).get(), rank, &ranking).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ReviewsServiceTest, DocumentsShowTheFiguresAndOpinionsAndEscapeMarkup) {
  const std::string hpo = Reviewer("high-prosecutors");
  const v1::ReportRevision revision = Submit("dpo-taipei");
  v1::Review review;
  ASSERT_TRUE(Review(hpo, revision, v1::REVIEW_DECISION_ACCEPT, &review, v1::RATING_GOOD,
                     "<script>alert('x')</script> & 良好")
                  .ok());
  const auto render = [&](const std::string& name, v1::ExportFormat format, v1::Language language) {
    v1::RenderDocumentRequest request;
    request.set_name(name);
    request.set_format(format);
    request.set_language(language);
    v1::Document document;
    const grpc::Status status = stub().RenderDocument(Context(hpo).get(), request, &document);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return document;
  };
  const v1::Document attachment1 =
      render(revision.name(), v1::EXPORT_FORMAT_HTML, v1::LANGUAGE_ZH_TW);
  EXPECT_EQ(attachment1.content_type(), "text/html; charset=utf-8");
  EXPECT_EQ(attachment1.filename(), "report-dpo-taipei-2018-1-r1.html");
  EXPECT_THAT(attachment1.content(), HasSubstr("服務躍升執行成果報告"));
  EXPECT_THAT(attachment1.content(), HasSubstr("臺灣臺北地方檢察署"));
  EXPECT_THAT(attachment1.content(), HasSubstr("民眾滿意度 91.5%"));
  EXPECT_THAT(attachment1.content(), HasSubstr("107年第1次"));
  EXPECT_THAT(attachment1.content(), HasSubstr("@page { size: A4"));

  const v1::Document attachment2 =
      render(review.name(), v1::EXPORT_FORMAT_HTML, v1::LANGUAGE_ZH_TW);
  EXPECT_THAT(attachment2.content(), HasSubstr("審查意見"));
  EXPECT_THAT(attachment2.content(),
              HasSubstr("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 良好"));
  EXPECT_EQ(attachment2.content().find("<script>"), std::string::npos);
  EXPECT_THAT(attachment2.content(), HasSubstr("甲等"));
  const v1::Document english = render(review.name(), v1::EXPORT_FORMAT_HTML, v1::LANGUAGE_EN);
  EXPECT_THAT(english.content(), HasSubstr("Opinions per measure"));
  const v1::Document csv = render(review.name(), v1::EXPORT_FORMAT_CSV, v1::LANGUAGE_ZH_TW);
  EXPECT_THAT(csv.content(), HasSubstr(",rating,,RATING_GOOD\r\n"));

  v1::RenderDocumentRequest foreign;
  foreign.set_name(revision.name());
  foreign.set_format(v1::EXPORT_FORMAT_HTML);
  v1::Document document;
  EXPECT_EQ(
      stub().RenderDocument(Context(Staff("dpo-shilin")).get(), foreign, &document).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ReviewsServiceTest, OnlyTheRecipientReviewsAndOnlyTheSupervisorForwards) {
  const v1::ReportRevision revision = Submit("dpo-taipei");
  v1::Review review;
  EXPECT_EQ(Review("", revision, v1::REVIEW_DECISION_ACCEPT, &review).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Review(Staff("dpo-taipei"), revision, v1::REVIEW_DECISION_ACCEPT, &review).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      Review(Reviewer("corrections"), revision, v1::REVIEW_DECISION_ACCEPT, &review).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  const grpc::Status ministry = Review(Officer(), revision, v1::REVIEW_DECISION_ACCEPT, &review);
  EXPECT_EQ(ministry.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(ministry.error_message(),
              HasSubstr("are made by its recipient orgs/high-prosecutors"));

  v1::ForwardPackageRequest forward = ForwardAllBut("high-prosecutors", {});
  v1::ForwardingPackage package;
  EXPECT_EQ(stub()
                .ForwardPackage(Context(Staff("high-prosecutors")).get(), forward, &package)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      stub().ForwardPackage(Context(Reviewer("corrections")).get(), forward, &package).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  forward.set_supervisor("orgs/moj");
  EXPECT_EQ(stub().ForwardPackage(Context(Reviewer("moj")).get(), forward, &package).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // Refusals wrote nothing: the report still awaits review, no package exists.
  EXPECT_EQ(ReportOf("dpo-taipei").state(), v1::REPORT_STATE_SUBMITTED);
  v1::ListPackagesRequest list;
  list.set_year(2018);
  list.set_period(1);
  v1::ListPackagesResponse packages;
  ASSERT_TRUE(stub().ListPackages(Context(Officer()).get(), list, &packages).ok());
  EXPECT_EQ(packages.packages_size(), 0);
  v1::ListAuditRecordsRequest audit;
  v1::ListAuditRecordsResponse records;
  ASSERT_TRUE(stub().ListAuditRecords(Context(Officer()).get(), audit, &records).ok());
  EXPECT_EQ(records.records_size(), 0);
}

}  // namespace
}  // namespace svcup::reviews
