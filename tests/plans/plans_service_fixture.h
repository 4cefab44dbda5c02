// The fixture of the plans service's integration tests: an in-process plans server on 127.0.0.1
// (port 0), tokens for each role, and helpers that walk an execution plan through its states.
#ifndef SVCUP_TESTS_PLANS_PLANS_SERVICE_FIXTURE_H_
#define SVCUP_TESTS_PLANS_PLANS_SERVICE_FIXTURE_H_

#include <gtest/gtest.h>

#include <string>

#include "tests/testing/plans_fixture.h"

namespace svcup::plans {

using testing::Context;
using testing::TokenFor;

inline constexpr char kTaipeiPlan[] = "orgs/dpo-taipei/executionPlans/2018";

class PlansServiceTest : public ::testing::Test {
 protected:
  PlansServiceTest() : server_(dir_.path() + "/plans.db") {}

  std::string Token(const std::string& org, v1::Role role, const std::string& subject = "tester") {
    return TokenFor(org, role, server_.clock().Now(), subject);
  }
  std::string Staff(const std::string& org = "dpo-taipei") {
    return Token(org, v1::ROLE_AGENCY_STAFF, "staff.chen");
  }
  std::string Head(const std::string& org = "dpo-taipei") {
    return Token(org, v1::ROLE_AGENCY_HEAD, "head.lin");
  }
  std::string Officer() { return Token("moj", v1::ROLE_MINISTRY_OFFICER, "officer.wang"); }

  grpc::Status CreatePlan(const std::string& token, const std::string& org, v1::ExecutionPlan* out,
                          const std::string& request_id = "create-1") {
    v1::CreateExecutionPlanRequest request;
    request.set_parent("orgs/" + org);
    request.set_year(2018);
    *request.mutable_content() = testing::CompleteDraft("107年度服務躍升執行計畫");
    request.set_request_id(request_id);
    return stub().CreateExecutionPlan(Context(token).get(), request, out);
  }

  grpc::Status Approve(const std::string& token, const v1::ExecutionPlan& plan,
                       v1::ExecutionPlan* out) {
    v1::ApproveExecutionPlanRequest request;
    request.set_name(plan.name());
    request.set_etag(plan.etag());
    request.set_request_id("approve-" + plan.etag());
    return stub().ApproveExecutionPlan(Context(token).get(), request, out);
  }

  grpc::Status Publish(const std::string& token, const v1::ExecutionPlan& plan,
                       v1::ExecutionPlan* out) {
    v1::PublishExecutionPlanRequest request;
    request.set_name(plan.name());
    request.add_urls("https://www.tpc.moj.gov.tw/107-plan.pdf");
    request.set_etag(plan.etag());
    request.set_request_id("publish-" + plan.etag());
    return stub().PublishExecutionPlan(Context(token).get(), request, out);
  }

  grpc::Status Get(const std::string& token, const std::string& name, v1::ExecutionPlan* out) {
    v1::GetExecutionPlanRequest request;
    request.set_name(name);
    return stub().GetExecutionPlan(Context(token).get(), request, out);
  }

  // Drafts, approves and publishes dpo-taipei's plan; returns the published plan.
  v1::ExecutionPlan PublishedTaipeiPlan() {
    v1::ExecutionPlan draft, approved, published;
    EXPECT_TRUE(CreatePlan(Staff(), "dpo-taipei", &draft).ok());
    EXPECT_TRUE(Approve(Head(), draft, &approved).ok());
    EXPECT_TRUE(Publish(Staff(), approved, &published).ok());
    return published;
  }

  v1::PlanRegistry::Stub& stub() { return server_.stub(); }

  testing::TempDir dir_;
  testing::PlansServer server_;
};

}  // namespace svcup::plans

#endif  // SVCUP_TESTS_PLANS_PLANS_SERVICE_FIXTURE_H_
