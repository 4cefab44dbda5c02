// Integration tests of the reports service through the generated stub, against in-process
// plans and reports servers on 127.0.0.1 (port 0).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/auth/crypto.h"
#include "tests/testing/reports_fixture.h"

namespace svcup::reports {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Context;

class ReportsServiceTest : public ::testing::Test {
 protected:
  explicit ReportsServiceTest(GrpcPlansGateway::Options options = {})
      : plans_(dir_.path() + "/plans.db"),
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

  // Creates org's report for 2018 `period` with complete content.
  v1::ProgressReport Draft(const std::string& org, int period = 1) {
    v1::CreateReportRequest request;
    request.set_parent("orgs/" + org);
    request.set_year(2018);
    request.set_period(period);
    *request.mutable_content() = testing::CompleteReport(period);
    request.set_request_id(absl::StrCat("create-", org, "-", period));
    v1::ProgressReport report;
    const grpc::Status status = stub().CreateReport(Context(Staff(org)).get(), request, &report);
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

  testing::TempDir dir_;
  testing::PlansServer plans_;
  testing::ReportsServer reports_;
};

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
  ASSERT_TRUE(Submit("dpo-taipei", revised, &second).ok());
  EXPECT_EQ(second.revision(), 2);
  EXPECT_NE(second.content_digest(), first.content_digest());

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

TEST_F(ReportsServiceTest, CompletenessShowsOnTimeLateMissingAndPending) {
  DraftAndSubmit("dpo-taipei");  // 2018-07-10: on time
  const v1::ProgressReport shilin = Draft("dpo-shilin");
  const auto completeness = [&](const std::string& token, const std::string& recipient,
                                bool whole_tree) {
    v1::GetCompletenessRequest request;
    request.set_recipient(recipient);
    request.set_year(2018);
    request.set_period(1);
    request.set_whole_tree(whole_tree);
    v1::Completeness out;
    const grpc::Status status = stub().GetCompleteness(Context(token).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  };
  v1::Completeness before = completeness(Reviewer("high-prosecutors"), "orgs/high-prosecutors", false);
  EXPECT_EQ(before.total(), 20);
  EXPECT_EQ(before.on_time(), 1);
  EXPECT_EQ(before.pending(), 19);
  EXPECT_EQ(before.missing(), 0);

  clock().SetTaipeiDay(absl::CivilDay(2018, 8, 5));
  v1::ReportRevision late;
  ASSERT_TRUE(Submit("dpo-shilin", shilin, &late).ok());
  EXPECT_EQ(late.days_late(), 5);
  const v1::Completeness after =
      completeness(Reviewer("high-prosecutors"), "orgs/high-prosecutors", false);
  EXPECT_EQ(after.on_time(), 1);
  EXPECT_EQ(after.late(), 1);
  EXPECT_EQ(after.missing(), 18);
  EXPECT_EQ(after.pending(), 0);
  const auto line = [&](const std::string& org) {
    for (const auto& a : after.agencies()) {
      if (a.organisation() == org) return a;
    }
    return v1::AgencyCompleteness();
  };
  EXPECT_EQ(line("orgs/dpo-shilin").status(), v1::COMPLETENESS_STATUS_LATE);
  EXPECT_EQ(line("orgs/dpo-shilin").days_late(), 5);
  EXPECT_EQ(line("orgs/dpo-keelung").status(), v1::COMPLETENESS_STATUS_MISSING);
  EXPECT_EQ(line("orgs/dpo-taipei").display_name().zh_tw(), "臺灣臺北地方檢察署");

  // The ministry: its direct agencies (Kinmen, Lienchiang), or the whole tree.
  const std::string officer = Token("moj", v1::ROLE_MINISTRY_OFFICER);
  const v1::Completeness direct = completeness(officer, "orgs/moj", false);
  EXPECT_EQ(direct.total(), 2);
  EXPECT_EQ(direct.missing(), 2);
  const v1::Completeness tree = completeness(officer, "orgs/moj", true);
  EXPECT_EQ(tree.total(), 22 + 13 + 49);
  EXPECT_EQ(tree.on_time() + tree.late(), 2);
}

TEST_F(ReportsServiceTest, ReadingsAreStoredOncePerBatchAndSummarised) {
  const std::string staff = Staff("dpo-taipei");
  const auto batch = [&](const std::string& id, std::vector<double> values, int day) {
    v1::RecordReadingsRequest b;
    b.set_organisation("orgs/dpo-taipei");
    b.set_batch_id(id);
    for (size_t i = 0; i < values.size(); ++i) {
      auto* r = b.add_readings();
      r->set_indicator("counter.waiting_minutes");
      r->set_value(values[i]);
      r->set_unit("min");
      *r->mutable_time() = ToTimestamp(StartOfTaipeiDay(absl::CivilDay(2018, 5, day)) +
                                       absl::Hours(9) + absl::Minutes(static_cast<int>(i)));
    }
    return b;
  };
  const auto send = [&](const std::vector<v1::RecordReadingsRequest>& batches) {
    auto context = Context(staff);
    v1::RecordReadingsResponse response;
    auto writer = stub().RecordReadings(context.get(), &response);
    for (const auto& b : batches) EXPECT_TRUE(writer->Write(b));
    writer->WritesDone();
    EXPECT_TRUE(writer->Finish().ok());
    return response;
  };
  v1::RecordReadingsResponse first = send({batch("b1", {4, 6}, 2), batch("b2", {10}, 3)});
  EXPECT_EQ(first.accepted(), 3);
  EXPECT_EQ(first.duplicates(), 0);
  // The stream broke before the client saw the answer: it resends everything, plus a new batch.
  v1::RecordReadingsResponse resent =
      send({batch("b1", {4, 6}, 2), batch("b2", {10}, 3), batch("b3", {2}, 4)});
  EXPECT_EQ(resent.accepted(), 1);
  EXPECT_EQ(resent.duplicates(), 3);

  v1::GetIndicatorSummaryRequest request;
  request.set_organisation("orgs/dpo-taipei");
  request.set_year(2018);
  request.set_period(1);
  v1::IndicatorSummary summary;
  ASSERT_TRUE(stub().GetIndicatorSummary(Context(staff).get(), request, &summary).ok());
  ASSERT_EQ(summary.aggregates_size(), 1);
  const v1::IndicatorAggregate& a = summary.aggregates(0);
  EXPECT_EQ(a.indicator(), "counter.waiting_minutes");
  EXPECT_EQ(a.count(), 4);
  EXPECT_DOUBLE_EQ(a.sum(), 22);
  EXPECT_DOUBLE_EQ(a.min(), 2);
  EXPECT_DOUBLE_EQ(a.max(), 10);
  EXPECT_DOUBLE_EQ(a.last(), 2);
  EXPECT_EQ(a.unit(), "min");

  // More than 10,000 readings in one call is refused (the batches before it stay stored).
  std::vector<v1::RecordReadingsRequest> flood;
  for (int i = 0; i < 11; ++i) flood.push_back(batch(absl::StrCat("f", i), std::vector<double>(1000, 1.0), 10));
  auto context = Context(staff);
  v1::RecordReadingsResponse response;
  auto writer = stub().RecordReadings(context.get(), &response);
  for (const auto& b : flood) {
    if (!writer->Write(b)) break;
  }
  writer->WritesDone();
  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
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
