// Integration tests of the reports service through the generated stub, against in-process
// plans and reports servers on 127.0.0.1 (port 0): routing, submission, decisions, the watch,
// bad input, amendments, names, denials, plans down. Completeness and readings:
// completeness_and_readings_service_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/auth/crypto.h"
#include "common/storage/sqlite_database.h"
#include "tests/reports/reports_service_fixture.h"

namespace svcup::reports {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST_F(ReportsServiceTest, RoutesEachAgencyToItsSupervisorOrTheMinistry) {
  const auto recipient = [&](const char* org) { return DraftAndSubmit(org).recipient(); };
  EXPECT_EQ(recipient("dpo-taipei"), "orgs/high-prosecutors");
  EXPECT_EQ(recipient("aeb-taipei"), "orgs/enforcement");
  EXPECT_EQ(recipient("prison-taipei"), "orgs/corrections");
  const v1::ReportRevision kinmen = DraftAndSubmit("dpo-kinmen");
  EXPECT_EQ(kinmen.recipient(), "orgs/moj");
  EXPECT_THAT(kinmen.route(), ElementsAre("orgs/moj"));
  EXPECT_EQ(kinmen.name(), "orgs/dpo-kinmen/reports/2018-1/revisions/1");
  EXPECT_EQ(kinmen.content_digest().substr(0, 7), "sha256:");
  EXPECT_FALSE(kinmen.late());
  EXPECT_EQ(kinmen.due_date().month(), 7);
  EXPECT_EQ(kinmen.due_date().day(), 31);
  EXPECT_EQ(kinmen.submitted_by().organisation(), "orgs/dpo-kinmen");
}

TEST_F(ReportsServiceTest, SubmissionIsIdempotentAndLateOnesAreFlagged) {
  const v1::ProgressReport draft = Draft("dpo-taipei");
  clock().SetTaipeiDay(absl::CivilDay(2018, 8, 3));
  v1::ReportRevision first, retry;
  ASSERT_TRUE(Submit("dpo-taipei", draft, &first, "nightly-push-1").ok());
  EXPECT_TRUE(first.late());
  EXPECT_EQ(first.days_late(), 3);
  clock().Advance(absl::Hours(1));
  ASSERT_TRUE(Submit("dpo-taipei", draft, &retry, "nightly-push-1").ok());
  EXPECT_EQ(retry.revision(), 1);
  EXPECT_EQ(retry.submit_time().seconds(), first.submit_time().seconds());
  // An auditor recomputes the digest from the revision as read, with any protobuf library.
  EXPECT_EQ(first.content_digest(), "sha256:" + Sha256Hex(first.content().SerializeAsString()));

  v1::ListReportRevisionsRequest list;
  list.set_parent(draft.name());
  v1::ListReportRevisionsResponse revisions;
  ASSERT_TRUE(stub().ListReportRevisions(Context(Staff("dpo-taipei")).get(), list, &revisions).ok());
  EXPECT_EQ(revisions.revisions_size(), 1);

  // A second submission without a return is refused: the revision awaits review.
  const v1::ProgressReport submitted = Get(Staff("dpo-taipei"), draft.name());
  EXPECT_EQ(submitted.state(), v1::REPORT_STATE_SUBMITTED);
  v1::ReportRevision again;
  const grpc::Status status = Submit("dpo-taipei", submitted, &again, "nightly-push-2");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(),
            "orgs/dpo-taipei/reports/2018-1 revision 1 is awaiting review; it can change again "
            "only if the reviewer returns it");
}

TEST_F(ReportsServiceTest, ReturnedReportsAreRevisedAndAcceptedOnesClosed) {
  const v1::ReportRevision first = DraftAndSubmit("dpo-taipei");
  v1::ProgressReport returned;
  ASSERT_TRUE(ReturnRevision(first.name(), "high-prosecutors", &returned).ok());
  EXPECT_EQ(returned.state(), v1::REPORT_STATE_RETURNED);
  EXPECT_EQ(returned.return_reason(), "請補充滿意度調查方法");
  EXPECT_EQ(returned.decided_by().subject(), "reviewer.huang");

  v1::UpdateReportRequest update;
  update.set_name(returned.name());
  *update.mutable_content() = testing::CompleteReport(1);
  update.mutable_content()->mutable_measure_results(0)->set_actions_taken("以問卷及訪談調查");
  update.set_etag(returned.etag());
  update.set_request_id("revise-1");
  v1::ProgressReport revised;
  ASSERT_TRUE(stub().UpdateReport(Context(Staff("dpo-taipei")).get(), update, &revised).ok());
  v1::ReportRevision second;
  // The reviewer's reason needs its answer before the report goes back.
  grpc::Status refused = Submit("dpo-taipei", revised, &second);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(refused.error_message(),
            "content.reason_answers: the reviewer's reasons for returning "
            "orgs/dpo-taipei/reports/2018-1 need an answer each before it is submitted again; "
            "unanswered: the overall reason");
  v1::ReasonAnswer& answer = *update.mutable_content()->add_reason_answers();
  answer.set_answer("已補充問卷及訪談之調查方法");
  update.set_etag(revised.etag());
  update.set_request_id("revise-2");
  ASSERT_TRUE(stub().UpdateReport(Context(Staff("dpo-taipei")).get(), update, &revised).ok());
  ASSERT_TRUE(Submit("dpo-taipei", revised, &second).ok());
  EXPECT_EQ(second.revision(), 2);
  EXPECT_NE(second.content_digest(), first.content_digest());
  // Reason, answer and change side by side.
  ASSERT_EQ(second.answered_reasons_size(), 1);
  EXPECT_EQ(second.answered_reasons(0).measure_code(), "");
  EXPECT_EQ(second.answered_reasons(0).reason(), "請補充滿意度調查方法");
  EXPECT_EQ(second.content().reason_answers(0).answer(), "已補充問卷及訪談之調查方法");
  EXPECT_EQ(second.changes().base_revision(), first.name());
  EXPECT_EQ(second.changes().base_digest(), first.content_digest());
  ASSERT_EQ(second.changes().measures_size(), 1);
  const v1::MeasureChange& change = second.changes().measures(0);
  EXPECT_EQ(change.measure_code(), first.content().measure_results(0).measure_code());
  EXPECT_EQ(change.kind(), v1::CHANGE_KIND_MODIFIED);
  EXPECT_TRUE(change.actions_taken_changed());
  EXPECT_EQ(change.previous_actions_taken(), first.content().measure_results(0).actions_taken());
  EXPECT_FALSE(change.results_changed());
  EXPECT_FALSE(second.changes().summary_changed());
  EXPECT_EQ(second.changes_since_decision().SerializeAsString(),
            second.changes().SerializeAsString());
  v1::GetReportRevisionRequest get;
  get.set_name(second.name());
  v1::ReportRevision read;
  ASSERT_TRUE(stub().GetReportRevision(Context(Staff("dpo-taipei")).get(), get, &read).ok());
  EXPECT_EQ(read.changes().SerializeAsString(), second.changes().SerializeAsString());

  // Revision 1 is superseded: it can no longer be decided.
  v1::ProgressReport out;
  grpc::Status status = ReturnRevision(first.name(), "high-prosecutors", &out, "return-again");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(),
            "orgs/dpo-taipei/reports/2018-1/revisions/1 is superseded by revision 2");

  v1::AcceptReportRequest accept;
  accept.set_revision(second.name());
  *accept.mutable_reviewer() = returned.decided_by();
  accept.set_request_id("accept-2");
  v1::ProgressReport accepted;
  ASSERT_TRUE(stub().AcceptReport(Context(Service()).get(), accept, &accepted).ok());
  EXPECT_EQ(accepted.state(), v1::REPORT_STATE_ACCEPTED);
  update.set_etag(accepted.etag());
  update.set_request_id("revise-after-accept");
  status = stub().UpdateReport(Context(Staff("dpo-taipei")).get(), update, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(),
            "orgs/dpo-taipei/reports/2018-1 was accepted and is closed for the period");
}

// Reads up to `n` events from a watch and then disconnects.
std::vector<v1::ReportEvent> Watch(v1::ProgressReports::Stub& stub, const std::string& token,
                                   const std::string& recipient, int64_t after, size_t n) {
  v1::WatchReportEventsRequest request;
  request.set_recipient(recipient);
  request.set_after_sequence(after);
  auto context = Context(token);
  auto reader = stub.WatchReportEvents(context.get(), request);
  std::vector<v1::ReportEvent> events;
  v1::ReportEvent event;
  while (events.size() < n && reader->Read(&event)) events.push_back(event);
  context->TryCancel();
  reader->Finish().IgnoreError();
  return events;
}

TEST_F(ReportsServiceTest, AWatchResumesAfterADisconnectWithNoGapAndNoDuplicate) {
  const std::string hpo = Reviewer("high-prosecutors");
  DraftAndSubmit("dpo-taipei");
  DraftAndSubmit("prison-taipei");  // addressed to corrections: not in this stream
  DraftAndSubmit("dpo-shilin");

  const std::vector<v1::ReportEvent> first = Watch(stub(), hpo, "orgs/high-prosecutors", 0, 1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].organisation(), "orgs/dpo-taipei");
  EXPECT_EQ(first[0].type(), v1::REPORT_EVENT_TYPE_SUBMITTED);

  // While disconnected, more happens.
  v1::ProgressReport returned;
  ASSERT_TRUE(
      ReturnRevision("orgs/dpo-taipei/reports/2018-1/revisions/1", "high-prosecutors", &returned)
          .ok());
  DraftAndSubmit("dpo-taoyuan");

  // Reconnect from the last sequence seen; a live event arrives while connected too.
  v1::WatchReportEventsRequest request;
  request.set_recipient("orgs/high-prosecutors");
  request.set_after_sequence(first.back().sequence());
  auto context = Context(hpo);
  auto reader = stub().WatchReportEvents(context.get(), request);
  std::vector<v1::ReportEvent> rest;
  v1::ReportEvent event;
  while (rest.size() < 4 && reader->Read(&event)) {
    rest.push_back(event);
    if (rest.size() == 3) DraftAndSubmit("dpo-hsinchu");  // arrives live, on the open stream
  }
  context->TryCancel();
  reader->Finish().IgnoreError();
  ASSERT_EQ(rest.size(), 4u);
  std::vector<std::string> seen;
  int64_t previous = first.back().sequence();
  for (const auto& e : rest) {
    EXPECT_GT(e.sequence(), previous);
    previous = e.sequence();
    seen.push_back(absl::StrCat(e.organisation(), " ", v1::ReportEventType_Name(e.type())));
  }
  EXPECT_THAT(seen, ElementsAre("orgs/dpo-shilin REPORT_EVENT_TYPE_SUBMITTED",
                                "orgs/dpo-taipei REPORT_EVENT_TYPE_RETURNED",
                                "orgs/dpo-taoyuan REPORT_EVENT_TYPE_SUBMITTED",
                                "orgs/dpo-hsinchu REPORT_EVENT_TYPE_SUBMITTED"));

  // A sequence beyond the log is refused.
  request.set_after_sequence(1000);
  auto beyond_context = Context(hpo);
  auto beyond = stub().WatchReportEvents(beyond_context.get(), request);
  EXPECT_FALSE(beyond->Read(&event));
  EXPECT_EQ(beyond->Finish().error_code(), grpc::StatusCode::OUT_OF_RANGE);
}

TEST_F(ReportsServiceTest, BadContentIsRefusedNamingTheField) {
  v1::CreateReportRequest request;
  request.set_parent("orgs/dpo-taipei");
  request.set_year(2018);
  request.set_period(3);
  request.set_request_id("bad-period");
  v1::ProgressReport out;
  grpc::Status status = stub().CreateReport(Context(Staff("dpo-taipei")).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "period: must be 1 (January-June) or 2 (the whole year), got 3");

  request.set_period(1);
  *request.mutable_content() = testing::CompleteReport(1);
  request.mutable_content()->mutable_measure_results(0)->set_evidence_links(0, "not a link");
  request.set_request_id("bad-link");
  status = stub().CreateReport(Context(Staff("dpo-taipei")).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "content.measure_results[0].evidence_links[0]: \"not a link\" is not an http:// or "
            "https:// URL");

  // A draft may be partial, but not submitted so.
  request.mutable_content()->Clear();
  request.set_request_id("partial");
  ASSERT_TRUE(stub().CreateReport(Context(Staff("dpo-taipei")).get(), request, &out).ok());
  v1::ReportRevision revision;
  status = Submit("dpo-taipei", out, &revision);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "content.as_of_date: is required to submit (the date the results are reported as of)");
  EXPECT_EQ(Get(Staff("dpo-taipei"), out.name()).state(), v1::REPORT_STATE_DRAFT);

  // A supervisory office does not report itself.
  request.set_parent("orgs/corrections");
  request.set_request_id("supervisor");
  status = stub().CreateReport(Context(Staff("corrections")).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(ReportsServiceTest, AnAmendedPlanTakesEffectForTheNextSubmission) {
  // Taipei reports under version 1 first, so the reports service has the plan cached.
  const v1::ReportRevision before = DraftAndSubmit("dpo-taipei");
  EXPECT_EQ(before.implementation_plan_version(), 1);

  // The ministry amends 2018: measure 6.5 is added and 2.3 removed.
  v1::GetImplementationPlanRequest get;
  get.set_name("implementationPlans/2018");
  v1::ImplementationPlan plan;
  ASSERT_TRUE(plans_.stub().GetImplementationPlan(Context("").get(), get, &plan).ok());
  v1::AmendImplementationPlanRequest amend;
  amend.set_name("implementationPlans/2018");
  *amend.mutable_content() = plan.content();
  auto* measure = amend.mutable_content()->mutable_strategies(5)->add_measures();
  measure->set_code("6.5");
  measure->mutable_text()->set_zh_tw("新增措施");
  auto* strategy2 = amend.mutable_content()->mutable_strategies(1);
  for (int i = 0; i < strategy2->measures_size(); ++i) {
    if (strategy2->measures(i).code() == "2.3") strategy2->mutable_measures()->DeleteSubrange(i, 1);
  }
  amend.mutable_amendment()->set_reason("增列6.5，刪除2.3");
  amend.set_etag(plan.etag());
  amend.set_request_id("amend-2018");
  v1::ImplementationPlan amended;
  const grpc::Status amended_status = plans_.stub().AmendImplementationPlan(
      Context(Token("moj", v1::ROLE_MINISTRY_OFFICER)).get(), amend, &amended);
  ASSERT_TRUE(amended_status.ok()) << amended_status.error_message();
  ASSERT_EQ(amended.version(), 2);

  // At once: 6.5 is accepted and recorded under version 2; the removed 2.3 is refused.
  v1::ReportContent content = testing::CompleteReport(1);
  content.mutable_measure_results(0)->set_measure_code("6.5");
  v1::CreateReportRequest create;
  create.set_parent("orgs/dpo-shilin");
  create.set_year(2018);
  create.set_period(1);
  *create.mutable_content() = content;
  create.set_request_id("shilin-6.5");
  v1::ProgressReport report;
  ASSERT_TRUE(stub().CreateReport(Context(Staff("dpo-shilin")).get(), create, &report).ok());
  v1::ReportRevision after;
  ASSERT_TRUE(Submit("dpo-shilin", report, &after).ok());
  EXPECT_EQ(after.implementation_plan_version(), 2);

  create.set_parent("orgs/dpo-keelung");
  *create.mutable_content() = testing::CompleteReport(1);  // still reports 2.3
  create.set_request_id("keelung-2.3");
  const grpc::Status removed = stub().CreateReport(Context(Staff("dpo-keelung")).get(), create, &report);
  EXPECT_EQ(removed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(removed.error_message(), HasSubstr("\"2.3\""));
}

TEST_F(ReportsServiceTest, VerifyingTheTrailCatchesARewrittenRevision) {
  const v1::ReportRevision revision = DraftAndSubmit("dpo-taipei");
  const auto verify = [&](const std::string& token, v1::AuditVerification* result) {
    return stub().VerifyAuditTrail(Context(token).get(), v1::VerifyAuditTrailRequest(), result);
  };
  v1::AuditVerification result;
  ASSERT_TRUE(verify(Token("moj", v1::ROLE_OPERATOR), &result).ok());
  EXPECT_TRUE(result.intact()) << result.problem();
  EXPECT_EQ(result.records_checked(), 2);  // CreateReport, SubmitReport
  EXPECT_EQ(result.revisions_checked(), 1);
  EXPECT_EQ(verify(Staff("dpo-taipei"), &result).error_code(), grpc::StatusCode::PERMISSION_DENIED);

  // Someone with the database file rewrites the revision's content, keeping its digest.
  {
    auto db = testing::OpenTestDatabase(dir_.path() + "/reports.db");
    ASSERT_TRUE(db->Write([&](storage::Transaction& tx) -> absl::Status {
                    v1::ReportRevision forged = revision;
                    forged.mutable_content()->set_summary("（竄改）");
                    return tx
                        .Execute("UPDATE revisions SET body = ? WHERE revision = 1",
                                 {storage::Blob{forged.SerializeAsString()}})
                        .status();
                  }).ok());
  }
  ASSERT_TRUE(verify(Token("moj", v1::ROLE_MINISTRY_OFFICER), &result).ok());
  EXPECT_FALSE(result.intact());
  EXPECT_THAT(result.problem(),
              HasSubstr(revision.name() + " no longer has the content it was submitted with"));
  EXPECT_THAT(result.problem(), HasSubstr("the trail recorded " + revision.content_digest()));
}

TEST_F(ReportsServiceTest, ListsPageByBytesSoFullReportsNeverOutgrowTheMessageLimit) {
  // Two agencies fill their reports to the field limits: every measure of the plan with 5,000
  // characters of actions and results, 100 meetings with 5,000 characters of decisions.
  v1::GetImplementationPlanRequest get_plan;
  get_plan.set_name("implementationPlans/2018");
  v1::ImplementationPlan plan;
  ASSERT_TRUE(plans_.stub().GetImplementationPlan(Context("").get(), get_plan, &plan).ok());
  v1::ReportContent full = testing::CompleteReport(1);
  full.clear_measure_results();
  full.clear_meetings();
  for (const auto& strategy : plan.content().strategies()) {
    for (const auto& measure : strategy.measures()) {
      auto* r = full.add_measure_results();
      r->set_measure_code(measure.code());
      for (int i = 0; i < 5000; ++i) {
        r->mutable_actions_taken()->append("服");
        r->mutable_results()->append("務");
      }
    }
  }
  for (int m = 0; m < 100; ++m) {
    auto* meeting = full.add_meetings();
    *meeting->mutable_date() = DateToProto(absl::CivilDay(2018, 3, 1) + m);
    meeting->add_participants("主任檢察官");
    for (int i = 0; i < 5000; ++i) meeting->mutable_decisions()->append("議");
  }
  for (const std::string org : {"dpo-taipei", "dpo-shilin"}) {
    v1::CreateReportRequest create;
    create.set_parent("orgs/" + org);
    create.set_year(2018);
    create.set_period(1);
    *create.mutable_content() = full;
    create.set_request_id("full-" + org);
    v1::ProgressReport report;
    const grpc::Status created = stub().CreateReport(Context(Staff(org)).get(), create, &report);
    ASSERT_TRUE(created.ok()) << created.error_message();
    v1::ReportRevision revision;
    ASSERT_TRUE(Submit(org, report, &revision).ok());
  }
  // The ministry reads them all with their revisions: more than one message's worth, in pages
  // (read as every client of the suite reads: up to the 8 MiB message limit).
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(8 << 20);
  auto ministry = v1::ProgressReports::NewStub(grpc::CreateCustomChannel(
      absl::StrCat("127.0.0.1:", reports_.port()), grpc::InsecureChannelCredentials(), args));
  v1::ListReportsRequest list;
  list.set_year(2018);
  list.set_with_latest_revisions(true);
  std::vector<std::string> names;
  for (int pages = 0; pages < 5; ++pages) {
    v1::ListReportsResponse page;
    const grpc::Status status =
        ministry->ListReports(Context(Token("moj", v1::ROLE_MINISTRY_OFFICER)).get(), list, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LE(page.ByteSizeLong(), size_t{8} << 20);
    for (const auto& r : page.reports()) names.push_back(r.name());
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  EXPECT_THAT(names,
              ElementsAre("orgs/dpo-shilin/reports/2018-1", "orgs/dpo-taipei/reports/2018-1"));
}

TEST_F(ReportsServiceTest, NamesHaveOneSpellingAndMessagesQuoteAShortPrefix) {
  const v1::ReportRevision revision = DraftAndSubmit("dpo-taipei");
  ASSERT_EQ(revision.name(), "orgs/dpo-taipei/reports/2018-1/revisions/1");
  v1::GetReportRequest get;
  v1::ProgressReport report;
  for (const char* name : {"orgs/dpo-taipei/reports/2018-01", "orgs/dpo-taipei/reports/2018-+1",
                           "orgs/dpo-taipei/reports/2018-1 ", "orgs/dpo-taipei/reports/2018-1\n",
                           "orgs/dpo-taipei/reports/2018-3"}) {
    get.set_name(name);
    EXPECT_EQ(stub().GetReport(Context(Staff("dpo-taipei")).get(), get, &report).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT)
        << name;
  }
  v1::GetReportRevisionRequest get_revision;
  get_revision.set_name("orgs/dpo-taipei/reports/2018-1/revisions/+1");
  v1::ReportRevision read;
  EXPECT_EQ(
      stub().GetReportRevision(Context(Staff("dpo-taipei")).get(), get_revision, &read).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);

  // A 100,000-character name is refused with a message a default client can receive.
  get.set_name("orgs/" + std::string(100000, 'a'));
  const grpc::Status status = stub().GetReport(Context(Staff("dpo-taipei")).get(), get, &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "name: \"orgs/aaaaaaaaaaaaaaaaaaaaaaaaaaa\"…(100005 bytes) is not of the form "
            "\"orgs/{}/reports/{}\"");

  v1::ListReportsRequest list;
  list.set_year(2018);
  list.set_period(3);
  v1::ListReportsResponse listed;
  EXPECT_EQ(stub().ListReports(Context(Staff("dpo-taipei")).get(), list, &listed).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ReportsServiceTest, EveryoneOutsideTheirPlaceIsDenied) {
  const v1::ReportRevision revision = DraftAndSubmit("dpo-taipei");
  const std::string report = "orgs/dpo-taipei/reports/2018-1";
  v1::GetReportRequest get;
  get.set_name(report);
  v1::ProgressReport out;
  const auto get_as = [&](const std::string& token) {
    return stub().GetReport(Context(token).get(), get, &out).error_code();
  };
  EXPECT_EQ(get_as(""), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(get_as(Staff("dpo-shilin")), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(get_as(Reviewer("corrections")), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(get_as(Reviewer("high-prosecutors")), grpc::StatusCode::OK);
  EXPECT_EQ(get_as(Token("moj", v1::ROLE_MINISTRY_OFFICER)), grpc::StatusCode::OK);

  // Another agency cannot draft for Taipei.
  v1::CreateReportRequest create;
  create.set_parent("orgs/dpo-taipei");
  create.set_year(2018);
  create.set_period(2);
  create.set_request_id("foreign");
  EXPECT_EQ(stub().CreateReport(Context(Staff("dpo-shilin")).get(), create, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Only the reviews service returns or accepts, and only for the agency's own supervisor.
  v1::ReturnReportRequest ret;
  ret.set_revision(revision.name());
  ret.set_reason("不符格式");
  ret.mutable_reviewer()->set_organisation("orgs/high-prosecutors");
  ret.mutable_reviewer()->set_role(v1::ROLE_SUPERVISOR_REVIEWER);
  ret.set_request_id("deny-return");
  EXPECT_EQ(stub().ReturnReport(Context(Reviewer("high-prosecutors")).get(), ret, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A service token of another name may not decide: only the reviews service does.
  const grpc::Status other_service =
      stub().ReturnReport(Context(Token("svc-reports", v1::ROLE_SERVICE)).get(), ret, &out);
  EXPECT_EQ(other_service.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(other_service.error_message(),
              HasSubstr("only the reviews service (orgs/svc-reviews) returns or accepts reports"));
  ret.mutable_reviewer()->set_organisation("orgs/corrections");
  const grpc::Status wrong_reviewer = stub().ReturnReport(Context(Service()).get(), ret, &out);
  EXPECT_EQ(wrong_reviewer.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(wrong_reviewer.error_message(), HasSubstr("reviewer: orgs/corrections"));

  // An agency cannot watch its supervisor's stream; the ministry can watch the whole tree.
  EXPECT_TRUE(Watch(stub(), Staff("dpo-shilin"), "orgs/high-prosecutors", 0, 1).empty());
  v1::WatchReportEventsRequest whole;
  whole.set_recipient("orgs/moj");
  whole.set_whole_tree(true);
  auto context = Context(Token("moj", v1::ROLE_MINISTRY_OFFICER));
  auto reader = stub().WatchReportEvents(context.get(), whole);
  v1::ReportEvent event;
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.organisation(), "orgs/dpo-taipei");
  context->TryCancel();
  reader->Finish().IgnoreError();

  // An agency receives no reports: its own completeness and stream are refused, not empty.
  for (v1::Role role : {v1::ROLE_AGENCY_STAFF, v1::ROLE_AGENCY_HEAD}) {
    v1::GetCompletenessRequest completeness;
    completeness.set_recipient("orgs/dpo-taipei");
    completeness.set_year(2018);
    completeness.set_period(1);
    v1::Completeness own;
    const grpc::Status refused =
        stub().GetCompleteness(Context(Token("dpo-taipei", role)).get(), completeness, &own);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_THAT(refused.error_message(),
                HasSubstr("orgs/dpo-taipei receives no reports; only a recipient of reports"));
    v1::WatchReportEventsRequest own_stream;
    own_stream.set_recipient("orgs/dpo-taipei");
    auto own_context = Context(Token("dpo-taipei", role));
    auto own_reader = stub().WatchReportEvents(own_context.get(), own_stream);
    EXPECT_FALSE(own_reader->Read(&event));
    EXPECT_EQ(own_reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }

  // Nothing was written by the refused calls: still submitted, one revision, one event.
  EXPECT_EQ(Get(Staff("dpo-taipei"), report).state(), v1::REPORT_STATE_SUBMITTED);
  v1::ListAuditRecordsRequest audit;
  v1::ListAuditRecordsResponse records;
  ASSERT_TRUE(stub().ListAuditRecords(Context(Token("moj", v1::ROLE_OPERATOR)).get(), audit,
                                      &records)
                  .ok());
  ASSERT_EQ(records.records_size(), 2);
  EXPECT_EQ(records.records(1).action(), "SubmitReport");
  EXPECT_EQ(stub().ListAuditRecords(Context(Staff("dpo-taipei")).get(), audit, &records).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ReportsServiceTest, SupervisorsListOnlyTheReportsAddressedToThem) {
  DraftAndSubmit("dpo-taipei");
  DraftAndSubmit("prison-taipei");
  DraftAndSubmit("dpo-kinmen");
  const auto names = [&](const std::string& token) {
    v1::ListReportsRequest request;
    request.set_year(2018);
    v1::ListReportsResponse response;
    EXPECT_TRUE(stub().ListReports(Context(token).get(), request, &response).ok());
    std::vector<std::string> out;
    for (const auto& r : response.reports()) out.push_back(r.organisation());
    return out;
  };
  EXPECT_THAT(names(Reviewer("high-prosecutors")), ElementsAre("orgs/dpo-taipei"));
  EXPECT_THAT(names(Reviewer("corrections")), ElementsAre("orgs/prison-taipei"));
  EXPECT_THAT(names(Staff("dpo-kinmen")), ElementsAre("orgs/dpo-kinmen"));
  EXPECT_THAT(names(Token("moj", v1::ROLE_MINISTRY_OFFICER)),
              ElementsAre("orgs/dpo-kinmen", "orgs/dpo-taipei", "orgs/prison-taipei"));
}

TEST_F(ReportsServiceTest, WithPlansDownSubmissionsRouteFromTheCachedHierarchy) {
  const v1::ProgressReport draft = Draft("dpo-taipei");  // caches the hierarchy and the plan
  plans_.Shutdown();
  v1::ReportRevision revision;
  const grpc::Status status = Submit("dpo-taipei", draft, &revision);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(revision.recipient(), "orgs/high-prosecutors");
}

class ReportsWithoutCacheTest : public ReportsServiceTest {
 protected:
  ReportsWithoutCacheTest()
      : ReportsServiceTest({absl::Seconds(1), absl::ZeroDuration(), absl::ZeroDuration()}) {}
};

TEST_F(ReportsWithoutCacheTest, WithPlansDownAndNothingCachedASubmitWritesNothing) {
  const v1::ProgressReport draft = Draft("dpo-taipei");
  plans_.Shutdown();
  v1::ReportRevision revision;
  const grpc::Status status = Submit("dpo-taipei", draft, &revision);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("the plans service cannot be reached"));
}

}  // namespace
}  // namespace svcup::reports
