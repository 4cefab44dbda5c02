// The fixture of the reports service's integration tests: in-process plans and reports servers on
// 127.0.0.1 (port 0), tokens for each role, and helpers to draft, submit and return reports.
#ifndef SVCUP_TESTS_REPORTS_REPORTS_SERVICE_FIXTURE_H_
#define SVCUP_TESTS_REPORTS_REPORTS_SERVICE_FIXTURE_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_replace.h"
#include "tests/testing/reports_fixture.h"

namespace svcup::reports {

using testing::Context;

class ReportsServiceTest : public ::testing::Test {
 protected:
  explicit ReportsServiceTest(GrpcPlansGateway::Options options = {},
                              const testing::HierarchyEdit& edit = nullptr)
      : plans_(dir_.path() + "/plans.db", absl::ZeroDuration(), edit),
        reports_(dir_.path() + "/reports.db", plans_.port(), plans_.clock(), options) {
    clock().SetTaipeiDay(absl::CivilDay(2018, 7, 10));
  }

  testing::FakeClock& clock() { return plans_.clock(); }
  v1::ProgressReports::Stub& stub() { return reports_.stub(); }
  std::string Token(const std::string& org, v1::Role role) {
    return testing::TokenFor(org, role, clock().Now(), org + ".user");
  }
  std::string Staff(const std::string& org) { return Token(org, v1::ROLE_AGENCY_STAFF); }
  std::string Reviewer(const std::string& org) { return Token(org, v1::ROLE_SUPERVISOR_REVIEWER); }
  std::string Service() { return Token("svc-reviews", v1::ROLE_SERVICE); }

  // Creates org's report for 2018 `period` with `content` (empty: the service's default).
  grpc::Status Create(const std::string& org, int period, const v1::ReportContent& content,
                      v1::ProgressReport* out) {
    v1::CreateReportRequest request;
    request.set_parent("orgs/" + org);
    request.set_year(2018);
    request.set_period(period);
    *request.mutable_content() = content;
    request.set_request_id(absl::StrCat("create-", org, "-", period));
    return stub().CreateReport(Context(Staff(org)).get(), request, out);
  }

  // Creates org's report for 2018 `period` with complete content.
  v1::ProgressReport Draft(const std::string& org, int period = 1) {
    v1::ProgressReport report;
    const grpc::Status status = Create(org, period, testing::CompleteReport(period), &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return report;
  }

  grpc::Status Submit(const std::string& org, const v1::ProgressReport& report,
                      v1::ReportRevision* out, const std::string& request_id = "") {
    v1::SubmitReportRequest request;
    request.set_name(report.name());
    request.set_etag(report.etag());
    request.set_request_id(request_id.empty() ? "submit-" + report.etag() : request_id);
    return stub().SubmitReport(Context(Staff(org)).get(), request, out);
  }

  v1::ReportRevision DraftAndSubmit(const std::string& org, int period = 1) {
    v1::ReportRevision revision;
    const grpc::Status status = Submit(org, Draft(org, period), &revision);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return revision;
  }

  v1::ProgressReport Get(const std::string& token, const std::string& name) {
    v1::GetReportRequest request;
    request.set_name(name);
    v1::ProgressReport report;
    EXPECT_TRUE(stub().GetReport(Context(token).get(), request, &report).ok());
    return report;
  }

  grpc::Status ReturnRevision(const std::string& revision, const std::string& reviewer_org,
                              v1::ProgressReport* out, const std::string& request_id = "return-1") {
    v1::ReturnReportRequest request;
    request.set_revision(revision);
    request.set_reason("請補充滿意度調查方法");
    request.mutable_reviewer()->set_organisation("orgs/" + reviewer_org);
    request.mutable_reviewer()->set_role(v1::ROLE_SUPERVISOR_REVIEWER);
    request.mutable_reviewer()->set_subject("reviewer.huang");
    request.set_review(revision + "/review");
    request.set_request_id(request_id);
    return stub().ReturnReport(Context(Service()).get(), request, out);
  }

  grpc::Status AcceptRevision(const std::string& revision, const std::string& reviewer_org,
                              v1::ProgressReport* out) {
    v1::AcceptReportRequest request;
    request.set_revision(revision);
    request.mutable_reviewer()->set_organisation("orgs/" + reviewer_org);
    request.mutable_reviewer()->set_role(v1::ROLE_SUPERVISOR_REVIEWER);
    request.mutable_reviewer()->set_subject("reviewer.huang");
    request.set_review(revision + "/review");
    request.set_request_id("accept-" + absl::StrReplaceAll(revision, {{"/", "."}}));
    return stub().AcceptReport(Context(Service()).get(), request, out);
  }

  testing::TempDir dir_;
  testing::PlansServer plans_;
  testing::ReportsServer reports_;
};

}  // namespace svcup::reports

#endif  // SVCUP_TESTS_REPORTS_REPORTS_SERVICE_FIXTURE_H_
