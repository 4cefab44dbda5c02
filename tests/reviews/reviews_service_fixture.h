// The fixture of the reviews service's integration tests: plans, reports and reviews in process on
// 127.0.0.1 (port 0), a reports client that can be made to fail, and helpers to submit and review.
#ifndef SVCUP_TESTS_REVIEWS_REVIEWS_SERVICE_FIXTURE_H_
#define SVCUP_TESTS_REVIEWS_REVIEWS_SERVICE_FIXTURE_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "absl/strings/str_replace.h"
#include "services/reviews/review_rules.h"
#include "tests/testing/reviews_fixture.h"

namespace svcup::reviews {

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
  absl::StatusOr<v1::Completeness> GetCompleteness(const std::string& r, int y, int p,
                                                   bool w) override {
    return real_->GetCompleteness(r, y, p, w);
  }
  absl::StatusOr<v1::ProgressReport> Return(const v1::ReturnReportRequest& r) override {
    if (fail_decisions) return absl::UnavailableError("injected: reports unreachable");
    return real_->Return(r);
  }
  absl::StatusOr<v1::ProgressReport> Accept(const v1::AcceptReportRequest& r) override {
    if (fail_decisions) return absl::UnavailableError("injected: reports unreachable");
    auto accepted = real_->Accept(r);
    if (lose_answers && accepted.ok()) {
      return absl::UnavailableError("injected: the answer was lost on the way back");
    }
    return accepted;
  }
  static std::atomic<bool> fail_decisions;
  // Make the decision, then fail as if its answer (or this service's database) were lost.
  static std::atomic<bool> lose_answers;
  // Calls made to the reports service through this client.
  static std::atomic<int> calls;

 private:
  std::unique_ptr<ReportsClient> real_;
};
inline std::atomic<bool> FlakyReports::fail_decisions{false};
inline std::atomic<bool> FlakyReports::lose_answers{false};
inline std::atomic<int> FlakyReports::calls{0};

class ReviewsServiceTest : public ::testing::Test {
 protected:
  // `reminder_email` addresses reminder mail ("{code}@moj.example"); empty: none.
  explicit ReviewsServiceTest(const std::string& reminder_email = "")
      : plans_(dir_.path() + "/plans.db"),
        reports_(dir_.path() + "/reports.db", plans_.port(), plans_.clock()),
        reviews_(
            dir_.path() + "/reviews.db", plans_.port(), reports_.port(), plans_.clock(),
            [](std::unique_ptr<ReportsClient> real) {
              return std::make_unique<FlakyReports>(std::move(real));
            },
            reminder_email) {
    FlakyReports::fail_decisions = false;
    FlakyReports::lose_answers = false;
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
      // Each reason of a return is answered.
      for (const v1::ReturnReason& reason : report.return_reasons()) {
        v1::ReasonAnswer& answer = *update.mutable_content()->add_reason_answers();
        answer.set_measure_code(reason.measure_code());
        answer.set_answer("已補充");
      }
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

  // A review of `revision` with an opinion on 2.3, a deficiency and guidance; a RETURN carries
  // an overall reason. The request id is derived from the decision and the revision.
  static v1::CreateReviewRequest ReviewRequest(const v1::ReportRevision& revision,
                                               v1::ReviewDecision decision,
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
    request.set_request_id(
        absl::StrCat("review-", decision, "-", absl::StrReplaceAll(revision.name(), {{"/", "."}})));
    return request;
  }

  grpc::Status Review(const std::string& token, const v1::ReportRevision& revision,
                      v1::ReviewDecision decision, v1::Review* out,
                      v1::Rating rating = v1::RATING_GOOD,
                      const std::string& opinion = "辦理情形良好") {
    return stub().CreateReview(Context(token).get(),
                               ReviewRequest(revision, decision, rating, opinion), out);
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

}  // namespace svcup::reviews

#endif  // SVCUP_TESTS_REVIEWS_REVIEWS_SERVICE_FIXTURE_H_
