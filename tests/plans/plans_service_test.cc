// Integration tests of the plans service through the generated stub: organisations, implementation
// plans, and the role x RPC table of denials. Execution plans: execution_plans_service_test.cc.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "tests/plans/plans_service_fixture.h"

namespace svcup::plans {
namespace {

using ::testing::HasSubstr;

// ---- organisations ---------------------------------------------------------------------------

TEST_F(PlansServiceTest, ResolvesReportingRoutesByTheReportsToEdge) {
  const auto route = [&](const char* name) {
    v1::ResolveReportingRouteRequest request;
    request.set_name(name);
    v1::ReportingRoute out;
    EXPECT_TRUE(stub().ResolveReportingRoute(Context("").get(), request, &out).ok()) << name;
    return out;
  };
  const v1::ReportingRoute kinmen = route("orgs/dpo-kinmen");
  EXPECT_EQ(kinmen.recipient(), "orgs/moj");
  EXPECT_TRUE(kinmen.direct_to_top());
  EXPECT_THAT(kinmen.hops(), ::testing::ElementsAre("orgs/moj"));
  const v1::ReportingRoute taipei = route("orgs/dpo-taipei");
  EXPECT_THAT(taipei.hops(), ::testing::ElementsAre("orgs/high-prosecutors", "orgs/moj"));
  EXPECT_FALSE(taipei.direct_to_top());
  EXPECT_EQ(route("orgs/aeb-taipei").recipient(), "orgs/enforcement");
  EXPECT_EQ(route("orgs/prison-taipei").recipient(), "orgs/corrections");
  EXPECT_EQ(route("orgs/dpo-lienchiang").recipient(), "orgs/moj");

  v1::ResolveReportingRouteRequest request;
  v1::ReportingRoute out;
  request.set_name("orgs/moj");
  grpc::Status status = stub().ResolveReportingRoute(Context("").get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), "orgs/moj is the top of the hierarchy and reports to no one");
  request.set_name("orgs/dpo-atlantis");
  EXPECT_EQ(stub().ResolveReportingRoute(Context("").get(), request, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_name("organisations/dpo-taipei");
  status = stub().ResolveReportingRoute(Context("").get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "name: \"organisations/dpo-taipei\" is not of the form \"orgs/{}\"");
}

TEST_F(PlansServiceTest, ListsOrganisationsByKindAndSupervisorInStablePages) {
  v1::ListOrganisationsRequest request;
  request.set_kind(v1::ORGANISATION_KIND_SUPERVISORY_OFFICE);
  v1::ListOrganisationsResponse response;
  ASSERT_TRUE(stub().ListOrganisations(Context("").get(), request, &response).ok());
  ASSERT_EQ(response.organisations_size(), 3);
  EXPECT_EQ(response.organisations(0).name(), "orgs/corrections");

  // Walk all 88 organisations ten at a time: every one exactly once, in code order.
  request.Clear();
  request.set_page_size(10);
  std::vector<std::string> seen;
  int pages = 0;
  do {
    response.Clear();
    ASSERT_TRUE(stub().ListOrganisations(Context("").get(), request, &response).ok());
    for (const auto& o : response.organisations()) seen.push_back(o.code());
    request.set_page_token(response.next_page_token());
    ++pages;
  } while (!request.page_token().empty());
  EXPECT_EQ(pages, 9);
  EXPECT_EQ(seen.size(), 88u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 88u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(response.total_size(), 88);

  // A token does not carry over to other filters.
  request.set_page_size(10);
  request.clear_page_token();
  response.Clear();
  ASSERT_TRUE(stub().ListOrganisations(Context("").get(), request, &response).ok());
  request.set_page_token(response.next_page_token());
  request.set_reports_to("orgs/corrections");
  EXPECT_EQ(stub().ListOrganisations(Context("").get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::ListSubordinatesRequest subordinates;
  subordinates.set_name("orgs/moj");
  subordinates.set_recursive(true);
  subordinates.set_page_size(500);
  ASSERT_TRUE(stub().ListSubordinates(Context("").get(), subordinates, &response).ok());
  EXPECT_EQ(response.organisations_size(), 87);
}

TEST_F(PlansServiceTest, ShowsTheNameInUseOnTheRequestedDate) {
  v1::GetOrganisationRequest request;
  request.set_name("orgs/dpo-kinmen");
  request.mutable_as_of()->set_year(2018);
  request.mutable_as_of()->set_month(2);
  request.mutable_as_of()->set_day(1);
  v1::Organisation org;
  ASSERT_TRUE(stub().GetOrganisation(Context("").get(), request, &org).ok());
  EXPECT_EQ(org.display_name().zh_tw(), "福建金門地方法院檢察署");
  EXPECT_EQ(org.reports_to(), "orgs/moj");
  EXPECT_EQ(org.name_history_size(), 2);
  request.mutable_as_of()->set_month(7);
  ASSERT_TRUE(stub().GetOrganisation(Context("").get(), request, &org).ok());
  EXPECT_EQ(org.display_name().zh_tw(), "福建金門地方檢察署");
  request.mutable_as_of()->set_day(32);
  const grpc::Status status = stub().GetOrganisation(Context("").get(), request, &org);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "as_of: 2018-07-32 is not a calendar date (expected a real date in 1912..2200)");
}

// ---- implementation plans --------------------------------------------------------------------

TEST_F(PlansServiceTest, AnyoneReadsThe22MeasuresOfThe2018Plan) {
  v1::GetImplementationPlanRequest request;
  request.set_name("implementationPlans/2018");
  v1::ImplementationPlan plan;
  ASSERT_TRUE(stub().GetImplementationPlan(Context("").get(), request, &plan).ok());
  EXPECT_EQ(plan.name(), "implementationPlans/2018/versions/1");
  EXPECT_EQ(plan.state(), v1::IMPLEMENTATION_PLAN_STATE_PUBLISHED);
  EXPECT_EQ(plan.content().document_number(), "法綜字第10701506380號");
  std::vector<std::string> codes;
  for (const auto& s : plan.content().strategies()) {
    for (const auto& m : s.measures()) codes.push_back(m.code());
  }
  EXPECT_EQ(codes.size(), 22u);
  EXPECT_EQ(codes.front(), "1.1");
  EXPECT_EQ(codes.back(), "6.4");
  // Shipped history keeps its historical times: issued, created and published 2018-02-01.
  const int64_t issued = absl::ToUnixSeconds(StartOfTaipeiDay(absl::CivilDay(2018, 2, 1)));
  EXPECT_EQ(plan.create_time().seconds(), issued);
  EXPECT_EQ(plan.publish_time().seconds(), issued);
}

TEST_F(PlansServiceTest, DraftsPublishesAndAmendsKeepingEveryVersionReadable) {
  v1::CreateImplementationPlanRequest create;
  create.set_year(2019);
  create.mutable_content()->mutable_title()->set_zh_tw("法務部108年度服務躍升實施計畫");
  create.set_request_id("ip-2019");
  v1::ImplementationPlan draft;
  ASSERT_TRUE(stub().CreateImplementationPlan(Context(Officer()).get(), create, &draft).ok());
  EXPECT_EQ(draft.name(), "implementationPlans/2019/draft");

  // The draft is the ministry's: the public cannot read it.
  v1::GetImplementationPlanRequest get;
  get.set_name("implementationPlans/2019/draft");
  v1::ImplementationPlan read;
  EXPECT_EQ(stub().GetImplementationPlan(Context("").get(), get, &read).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  // Publishing an incomplete draft names what is missing.
  v1::PublishImplementationPlanRequest publish;
  publish.set_name(draft.name());
  publish.set_etag(draft.etag());
  publish.set_request_id("ip-2019-publish-1");
  v1::ImplementationPlan published;
  grpc::Status status =
      stub().PublishImplementationPlan(Context(Officer()).get(), publish, &published);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("missing: strategies, execution_plan_deadline"));

  // Complete it from the 2018 text, moved to 2019, and publish.
  v1::GetImplementationPlanRequest get2018;
  get2018.set_name("implementationPlans/2018");
  v1::ImplementationPlan plan2018;
  ASSERT_TRUE(stub().GetImplementationPlan(Context("").get(), get2018, &plan2018).ok());
  v1::ImplementationPlanContent content = plan2018.content();
  content.mutable_execution_plan_deadline()->set_year(2019);
  for (auto& p : *content.mutable_reporting_periods()) {
    p.mutable_start_date()->set_year(2019);
    p.mutable_end_date()->set_year(2019);
    p.mutable_agency_due_date()->set_year(p.agency_due_date().year() + 1);
    p.mutable_ministry_due_date()->set_year(p.ministry_due_date().year() + 1);
  }
  v1::UpdateImplementationPlanRequest update;
  update.set_name(draft.name());
  *update.mutable_content() = content;
  update.set_etag(draft.etag());
  update.set_request_id("ip-2019-update");
  v1::ImplementationPlan updated;
  ASSERT_TRUE(stub().UpdateImplementationPlan(Context(Officer()).get(), update, &updated).ok());
  publish.set_etag(updated.etag());
  publish.set_request_id("ip-2019-publish-2");
  ASSERT_TRUE(stub().PublishImplementationPlan(Context(Officer()).get(), publish, &published).ok());
  EXPECT_EQ(published.name(), "implementationPlans/2019/versions/1");
  EXPECT_EQ(published.published_by().subject(), "officer.wang");

  // Amend: version 2 takes force, version 1 stays readable as superseded.
  v1::AmendImplementationPlanRequest amend;
  amend.set_name("implementationPlans/2019");
  *amend.mutable_content() = content;
  auto* extra = amend.mutable_content()->mutable_strategies(5)->add_measures();
  extra->set_code("6.5");
  extra->mutable_text()->set_zh_tw("新增措施");
  amend.mutable_amendment()->set_reason("增列第6.5項措施");
  amend.set_etag(published.etag());
  amend.set_request_id("ip-2019-amend");
  v1::ImplementationPlan amended;
  ASSERT_TRUE(stub().AmendImplementationPlan(Context(Officer()).get(), amend, &amended).ok());
  EXPECT_EQ(amended.name(), "implementationPlans/2019/versions/2");
  EXPECT_EQ(amended.amendment().reason(), "增列第6.5項措施");

  // Amending again with version 1's etag is stale.
  amend.set_request_id("ip-2019-amend-again");
  EXPECT_EQ(stub().AmendImplementationPlan(Context(Officer()).get(), amend, &read).error_code(),
            grpc::StatusCode::ABORTED);

  get.set_name("implementationPlans/2019/versions/1");
  ASSERT_TRUE(stub().GetImplementationPlan(Context("").get(), get, &read).ok());
  EXPECT_EQ(read.state(), v1::IMPLEMENTATION_PLAN_STATE_SUPERSEDED);
  // One spelling per name: anything else is refused, not resolved to version 1.
  for (const char* other : {"implementationPlans/2019/versions/01", "implementationPlans/2019/versions/ 1",
                            "implementationPlans/2019/versions/+1", "implementationPlans/02019"}) {
    get.set_name(other);
    EXPECT_EQ(stub().GetImplementationPlan(Context("").get(), get, &read).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT)
        << other;
  }
  get.set_name("implementationPlans/2019");
  ASSERT_TRUE(stub().GetImplementationPlan(Context("").get(), get, &read).ok());
  EXPECT_EQ(read.version(), 2);

  v1::ListImplementationPlanVersionsRequest versions;
  versions.set_parent("implementationPlans/2019");
  v1::ListImplementationPlanVersionsResponse listed;
  ASSERT_TRUE(stub().ListImplementationPlanVersions(Context("").get(), versions, &listed).ok());
  ASSERT_EQ(listed.versions_size(), 2);
  EXPECT_EQ(listed.versions(0).version(), 2);
  EXPECT_EQ(listed.versions(1).version(), 1);

  // A second plan for the same year is refused.
  create.set_request_id("ip-2019-again");
  EXPECT_EQ(stub().CreateImplementationPlan(Context(Officer()).get(), create, &read).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

// ---- who may do what -------------------------------------------------------------------------

TEST_F(PlansServiceTest, ServicesAreToldOfAnAmendmentBeforeItIsAnswered) {
  v1::GetImplementationPlanRequest get;
  get.set_name("implementationPlans/2018");
  v1::ImplementationPlan plan;
  ASSERT_TRUE(stub().GetImplementationPlan(Context("").get(), get, &plan).ok());

  // A service watching the versions is told at once which one is in force, with its lease.
  auto context = Context(Token("svc-reports", v1::ROLE_SERVICE));
  auto stream = stub().WatchPlanVersions(context.get(), v1::WatchPlanVersionsRequest());
  v1::PlanVersions versions;
  ASSERT_TRUE(stream->Read(&versions));
  ASSERT_EQ(versions.versions_size(), 1);
  EXPECT_EQ(versions.versions(0).year(), 2018);
  EXPECT_EQ(versions.versions(0).version(), 1);
  EXPECT_EQ(versions.versions(0).etag(), plan.etag());
  EXPECT_EQ(versions.lease().seconds(), 1);
  EXPECT_EQ(versions.lease().nanos(), 0);

  // The ministry amends the plan: the watching service hears of version 2 before the ministry
  // hears its amendment succeeded (which waits out every lease on version 1).
  std::atomic<bool> answered{false};
  grpc::Status amend_status;
  std::thread ministry([&] {
    v1::AmendImplementationPlanRequest amend;
    amend.set_name("implementationPlans/2018");
    *amend.mutable_content() = plan.content();
    amend.mutable_amendment()->set_reason("修正附表");
    amend.set_etag(plan.etag());
    amend.set_request_id("ip-2018-amend");
    v1::ImplementationPlan amended;
    amend_status = stub().AmendImplementationPlan(Context(Officer()).get(), amend, &amended);
    answered = true;
  });
  bool heard_before_the_answer = false;
  while (stream->Read(&versions)) {
    if (versions.versions(0).version() == 2) {
      heard_before_the_answer = !answered;
      break;
    }
  }
  ministry.join();
  ASSERT_TRUE(amend_status.ok()) << amend_status.error_message();
  EXPECT_TRUE(heard_before_the_answer);
  context->TryCancel();
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);

  // Only the suite's services watch: others are refused, naming who may.
  for (const std::string& token : {Officer(), Staff()}) {
    auto refused_context = Context(token);
    auto refused = stub().WatchPlanVersions(refused_context.get(), v1::WatchPlanVersionsRequest());
    EXPECT_FALSE(refused->Read(&versions));
    const grpc::Status status = refused->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_THAT(status.error_message(), HasSubstr("ROLE_SERVICE"));
  }
  auto anonymous_context = Context("");
  auto anonymous =
      stub().WatchPlanVersions(anonymous_context.get(), v1::WatchPlanVersionsRequest());
  EXPECT_FALSE(anonymous->Read(&versions));
  EXPECT_EQ(anonymous->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(PlansServiceTest, EveryRoleOutsideItsPlaceIsDeniedAndNothingIsWritten) {
  v1::ExecutionPlan draft, out;
  ASSERT_TRUE(CreatePlan(Staff(), "dpo-taipei", &draft).ok());

  struct Case {
    const char* what;
    std::string token;
    std::function<grpc::Status(const std::string&)> call;
    grpc::StatusCode expected;
  };
  const auto create_for = [&](const std::string& org) {
    return [&, org](const std::string& token) { return CreatePlan(token, org, &out, "deny"); };
  };
  const auto approve = [&](const std::string& token) { return Approve(token, draft, &out); };
  const auto edit = [&](const std::string& token) {
    v1::UpdateExecutionPlanRequest r;
    r.set_name(kTaipeiPlan);
    *r.mutable_content() = testing::CompleteDraft("竄改");
    r.set_etag(draft.etag());
    r.set_request_id("deny-edit");
    return stub().UpdateExecutionPlan(Context(token).get(), r, &out);
  };
  const auto create_ip = [&](const std::string& token) {
    v1::CreateImplementationPlanRequest r;
    r.set_year(2030);
    r.mutable_content()->mutable_title()->set_zh_tw("計畫");
    r.set_request_id("deny-ip");
    v1::ImplementationPlan ip;
    return stub().CreateImplementationPlan(Context(token).get(), r, &ip);
  };
  const auto audit = [&](const std::string& token) {
    v1::ListAuditRecordsRequest r;
    v1::ListAuditRecordsResponse records;
    return stub().ListAuditRecords(Context(token).get(), r, &records);
  };
  const std::string expired =
      TokenFor("dpo-taipei", v1::ROLE_AGENCY_HEAD, server_.clock().Now() - absl::Hours(48));
  std::string forged = Head();
  forged.back() = forged.back() == 'A' ? 'B' : 'A';

  const std::vector<Case> cases = {
      {"the public drafts", "", create_for("dpo-taipei"), grpc::StatusCode::UNAUTHENTICATED},
      {"an expired token", expired, approve, grpc::StatusCode::UNAUTHENTICATED},
      {"a forged token", forged, approve, grpc::StatusCode::UNAUTHENTICATED},
      {"another agency drafts", Staff("dpo-kinmen"), create_for("dpo-taipei"),
       grpc::StatusCode::PERMISSION_DENIED},
      {"a supervisor drafts for its agency", Token("high-prosecutors", v1::ROLE_SUPERVISOR_REVIEWER),
       create_for("dpo-taipei"), grpc::StatusCode::PERMISSION_DENIED},
      {"staff approve", Staff(), approve, grpc::StatusCode::PERMISSION_DENIED},
      {"another agency's head approves", Head("dpo-kinmen"), approve,
       grpc::StatusCode::PERMISSION_DENIED},
      {"a ministry officer approves", Officer(), approve, grpc::StatusCode::PERMISSION_DENIED},
      {"the supervisor edits", Token("high-prosecutors", v1::ROLE_SUPERVISOR_REVIEWER), edit,
       grpc::StatusCode::PERMISSION_DENIED},
      {"an agency issues an implementation plan", Head(), create_ip,
       grpc::StatusCode::PERMISSION_DENIED},
      {"a supervisor issues an implementation plan",
       Token("corrections", v1::ROLE_MINISTRY_OFFICER), create_ip,
       grpc::StatusCode::PERMISSION_DENIED},
      {"an agency reads the audit trail", Head(), audit, grpc::StatusCode::PERMISSION_DENIED},
      {"the public reads the audit trail", "", audit, grpc::StatusCode::UNAUTHENTICATED},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.call(c.token).error_code(), c.expected) << c.what;
  }
  EXPECT_TRUE(audit(Token("moj", v1::ROLE_OPERATOR)).ok());

  // Nothing changed: the plan is the same draft, and only its creation is audited.
  v1::ExecutionPlan after;
  ASSERT_TRUE(Get(Staff(), kTaipeiPlan, &after).ok());
  EXPECT_EQ(after.etag(), draft.etag());
  EXPECT_EQ(Get(Staff("dpo-kinmen"), "orgs/dpo-kinmen/executionPlans/2018", &after).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListAuditRecordsRequest all;
  v1::ListAuditRecordsResponse records;
  ASSERT_TRUE(stub().ListAuditRecords(Context(Officer()).get(), all, &records).ok());
  ASSERT_EQ(records.records_size(), 2);  // the shipped 2018 plan, then the draft
  EXPECT_EQ(records.records(0).action(), "LoadShippedPlan");
  EXPECT_EQ(records.records(1).action(), "CreateExecutionPlan");
}

}  // namespace
}  // namespace svcup::plans
