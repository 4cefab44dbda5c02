// Integration tests of the reviews service with plans, reports and reviews in process, through
// the generated stubs on 127.0.0.1 (port 0).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "absl/strings/str_replace.h"
#include "services/reviews/review_rules.h"
#include "tests/testing/reviews_fixture.h"

namespace svcup::reviews {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Context;

// Delegates to the real reports client, failing decisions while `fail_decisions` is set.
class FlakyReports final : public ReportsClient {
 public:
  explicit FlakyReports(std::unique_ptr<ReportsClient> real) : real_(std::move(real)) {}
  absl::StatusOr<v1::ReportRevision> GetRevision(const std::string& n) override {
    ++calls;
    return real_->GetRevision(n);
  }
  absl::StatusOr<v1::ProgressReport> GetReport(const std::string& n) override {
    ++calls;
    return real_->GetReport(n);
  }
  absl::StatusOr<std::vector<v1::ReportRevision>> ListLatestRevisions(
      int y, const std::string& r) override {
    ++calls;
    return real_->ListLatestRevisions(y, r);
  }
  absl::StatusOr<v1::Completeness> GetCompleteness(const std::string& r, int y, int p, bool w) override {
    return real_->GetCompleteness(r, y, p, w);
  }
  absl::StatusOr<v1::ProgressReport> Return(const v1::ReturnReportRequest& r) override {
    if (fail_decisions) return absl::UnavailableError("injected: reports unreachable");
    return real_->Return(r);
  }
  absl::StatusOr<v1::ProgressReport> Accept(const v1::AcceptReportRequest& r) override {
    if (fail_decisions) return absl::UnavailableError("injected: reports unreachable");
    return real_->Accept(r);
  }
  static std::atomic<bool> fail_decisions;
  // Calls made to the reports service through this client.
  static std::atomic<int> calls;

 private:
  std::unique_ptr<ReportsClient> real_;
};
std::atomic<bool> FlakyReports::fail_decisions{false};
std::atomic<int> FlakyReports::calls{0};

class ReviewsServiceTest : public ::testing::Test {
 protected:
  ReviewsServiceTest()
      : plans_(dir_.path() + "/plans.db"),
        reports_(dir_.path() + "/reports.db", plans_.port(), plans_.clock()),
        reviews_(dir_.path() + "/reviews.db", plans_.port(), reports_.port(), plans_.clock(),
                 [](std::unique_ptr<ReportsClient> real) {
                   return std::make_unique<FlakyReports>(std::move(real));
                 }) {
    FlakyReports::fail_decisions = false;
    clock().SetTaipeiDay(absl::CivilDay(2018, 7, 10));
  }

  testing::FakeClock& clock() { return plans_.clock(); }
  v1::Reviews::Stub& stub() { return reviews_.stub(); }
  std::string Token(const std::string& org, v1::Role role) {
    // Valid for a year: these tests move the clock across the reporting period.
    return testing::TokenFor(org, role, clock().Now(), org + ".user", absl::Hours(24 * 365));
  }
  std::string Staff(const std::string& org) { return Token(org, v1::ROLE_AGENCY_STAFF); }
  std::string Reviewer(const std::string& org) { return Token(org, v1::ROLE_SUPERVISOR_REVIEWER); }
  std::string Officer() { return Token("moj", v1::ROLE_MINISTRY_OFFICER); }

  // Drafts and submits org's period-1 report (or resubmits a returned one); returns the revision.
  v1::ReportRevision Submit(const std::string& org, const std::string& summary = "摘要") {
    v1::GetReportRequest get;
    get.set_name(absl::StrCat("orgs/", org, "/reports/2018-1"));
    v1::ProgressReport report;
    if (!reports_.stub().GetReport(Context(Staff(org)).get(), get, &report).ok()) {
      v1::CreateReportRequest create;
      create.set_parent("orgs/" + org);
      create.set_year(2018);
      create.set_period(1);
      *create.mutable_content() = testing::CompleteReport(1);
      create.mutable_content()->set_summary(summary);
      create.set_request_id("create-" + org);
      EXPECT_TRUE(reports_.stub().CreateReport(Context(Staff(org)).get(), create, &report).ok());
    } else {
      v1::UpdateReportRequest update;
      update.set_name(report.name());
      *update.mutable_content() = testing::CompleteReport(1);
      update.mutable_content()->set_summary(summary);
      update.set_etag(report.etag());
      update.set_request_id("update-" + report.etag());
      EXPECT_TRUE(reports_.stub().UpdateReport(Context(Staff(org)).get(), update, &report).ok());
    }
    v1::SubmitReportRequest submit;
    submit.set_name(report.name());
    submit.set_etag(report.etag());
    submit.set_request_id("submit-" + report.etag());
    v1::ReportRevision revision;
    const grpc::Status status =
        reports_.stub().SubmitReport(Context(Staff(org)).get(), submit, &revision);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return revision;
  }

  grpc::Status Review(const std::string& token, const v1::ReportRevision& revision,
                      v1::ReviewDecision decision, v1::Review* out,
                      v1::Rating rating = v1::RATING_GOOD,
                      const std::string& opinion = "辦理情形良好") {
    v1::CreateReviewRequest request;
    request.set_revision(revision.name());
    request.set_content_digest(revision.content_digest());
    auto* o = request.add_measure_opinions();
    o->set_measure_code("2.3");
    o->set_opinion(opinion);
    request.set_overall_opinion("整體執行良好");
    request.set_rating(rating);
    request.add_deficiencies("佐證資料不足");
    request.set_improvement_guidance("請補充調查方法");
    request.set_decision(decision);
    if (decision == v1::REVIEW_DECISION_RETURN) request.set_return_reason("請補充滿意度調查方法");
    request.set_request_id(absl::StrCat(
        "review-", decision, "-", absl::StrReplaceAll(revision.name(), {{"/", "."}})));
    return stub().CreateReview(Context(token).get(), request, out);
  }

  v1::ProgressReport ReportOf(const std::string& org) {
    v1::GetReportRequest get;
    get.set_name(absl::StrCat("orgs/", org, "/reports/2018-1"));
    v1::ProgressReport report;
    EXPECT_TRUE(reports_.stub().GetReport(Context(Officer()).get(), get, &report).ok());
    return report;
  }

  // Every agency of `supervisor` except `except`, listed missing.
  v1::ForwardPackageRequest ForwardAllBut(const std::string& supervisor,
                                          const std::vector<std::string>& except) {
    v1::ListSubordinatesRequest list;
    list.set_name("orgs/" + supervisor);
    list.set_page_size(500);
    v1::ListOrganisationsResponse agencies;
    EXPECT_TRUE(plans_.stub().ListSubordinates(Context("").get(), list, &agencies).ok());
    v1::ForwardPackageRequest request;
    request.set_supervisor("orgs/" + supervisor);
    request.set_year(2018);
    request.set_period(1);
    for (const auto& a : agencies.organisations()) {
      if (std::find(except.begin(), except.end(), a.code()) != except.end()) continue;
      auto* m = request.add_missing();
      m->set_organisation(a.name());
      m->set_reason("未於期限內提報");
    }
    request.set_request_id("forward-" + supervisor);
    return request;
  }

  testing::TempDir dir_;
  testing::PlansServer plans_;
  testing::ReportsServer reports_;
  testing::ReviewsServer reviews_;
};

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
  EXPECT_EQ(status.error_message(), "return_reason: is required (1..2000 characters), got an empty value");
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
  EXPECT_EQ(stub().RecordInspection(Context(Reviewer("corrections")).get(), record, &denied).error_code(),
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
  EXPECT_EQ(stub().ListDeficiencies(Context(Staff("dpo-shilin")).get(), list, &overdue).error_code(),
            grpc::StatusCode::OK);
  EXPECT_EQ(overdue.deficiencies_size(), 0);  // another agency sees none of Taipei's
}

TEST_F(ReviewsServiceTest, TheMinistryCountsMeetingsAndRanksTheEvaluation) {
  const std::string hpo = Reviewer("high-prosecutors");
  v1::Review review;
  ASSERT_TRUE(Review(hpo, Submit("dpo-taipei"), v1::REVIEW_DECISION_ACCEPT, &review,
                     v1::RATING_EXCELLENT)
                  .ok());
  clock().SetTaipeiDay(absl::CivilDay(2018, 8, 4));
  ASSERT_TRUE(Review(hpo, Submit("dpo-shilin"), v1::REVIEW_DECISION_ACCEPT, &review,
                     v1::RATING_FAIR)
                  .ok());

  v1::ListTaskForceMeetingCountsRequest meetings;
  meetings.set_year(2018);
  meetings.set_reports_to("orgs/high-prosecutors");
  v1::ListTaskForceMeetingCountsResponse counts;
  FlakyReports::calls = 0;
  ASSERT_TRUE(stub().ListTaskForceMeetingCounts(Context(hpo).get(), meetings, &counts).ok());
  EXPECT_EQ(FlakyReports::calls.load(), 1);  // one page of the reports addressed to it
  EXPECT_EQ(counts.counts_size(), 20);
  for (const auto& c : counts.counts()) {
    const bool reported = c.organisation() == "orgs/dpo-taipei" || c.organisation() == "orgs/dpo-shilin";
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
  const v1::Document attachment1 = render(revision.name(), v1::EXPORT_FORMAT_HTML, v1::LANGUAGE_ZH_TW);
  EXPECT_EQ(attachment1.content_type(), "text/html; charset=utf-8");
  EXPECT_EQ(attachment1.filename(), "report-dpo-taipei-2018-1-r1.html");
  EXPECT_THAT(attachment1.content(), HasSubstr("服務躍升執行成果報告"));
  EXPECT_THAT(attachment1.content(), HasSubstr("臺灣臺北地方檢察署"));
  EXPECT_THAT(attachment1.content(), HasSubstr("民眾滿意度 91.5%"));
  EXPECT_THAT(attachment1.content(), HasSubstr("107年第1次"));
  EXPECT_THAT(attachment1.content(), HasSubstr("@page { size: A4"));

  const v1::Document attachment2 = render(review.name(), v1::EXPORT_FORMAT_HTML, v1::LANGUAGE_ZH_TW);
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
  EXPECT_EQ(stub().RenderDocument(Context(Staff("dpo-shilin")).get(), foreign, &document).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ReviewsServiceTest, OnlyTheRecipientReviewsAndOnlyTheSupervisorForwards) {
  const v1::ReportRevision revision = Submit("dpo-taipei");
  v1::Review review;
  EXPECT_EQ(Review("", revision, v1::REVIEW_DECISION_ACCEPT, &review).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Review(Staff("dpo-taipei"), revision, v1::REVIEW_DECISION_ACCEPT, &review).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Review(Reviewer("corrections"), revision, v1::REVIEW_DECISION_ACCEPT, &review).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const grpc::Status ministry = Review(Officer(), revision, v1::REVIEW_DECISION_ACCEPT, &review);
  EXPECT_EQ(ministry.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(ministry.error_message(), HasSubstr("are made by its recipient orgs/high-prosecutors"));

  v1::ForwardPackageRequest forward = ForwardAllBut("high-prosecutors", {});
  v1::ForwardingPackage package;
  EXPECT_EQ(stub().ForwardPackage(Context(Staff("high-prosecutors")).get(), forward, &package).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(stub().ForwardPackage(Context(Reviewer("corrections")).get(), forward, &package).error_code(),
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
