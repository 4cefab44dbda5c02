#include "services/reports/report_rules.h"

#include <gtest/gtest.h>

#include "common/auth/crypto.h"
#include "common/calendar/roc_calendar.h"
#include "tests/testing/reports_fixture.h"

namespace svcup::reports {
namespace {

v1::ImplementationPlan Plan2018() {
  testing::TempDir dir;
  testing::PlansServer plans(dir.path() + "/plans.db");
  v1::GetImplementationPlanRequest request;
  request.set_name("implementationPlans/2018");
  v1::ImplementationPlan plan;
  EXPECT_TRUE(plans.stub().GetImplementationPlan(testing::Context("").get(), request, &plan).ok());
  return plan;
}

class ReportRulesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { plan_ = new v1::ImplementationPlan(Plan2018()); }
  static v1::ReportingPeriod Period(int n) { return *PeriodOf(*plan_, n); }
  static v1::ImplementationPlan* plan_;
};
v1::ImplementationPlan* ReportRulesTest::plan_ = nullptr;

TEST_F(ReportRulesTest, PeriodsAreThoseOfThePlan) {
  EXPECT_EQ(Period(1).end_date().month(), 6);
  EXPECT_EQ(Period(2).end_date().month(), 12);
  const auto missing = PeriodOf(*plan_, 3);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(missing.status().message(),
            "period: 3 is not a reporting period of the 2018 plan (periods: 1, 2)");
}

TEST_F(ReportRulesTest, DueDatesFollowTheRoute) {
  v1::ReportingPeriod period = Period(1);
  EXPECT_EQ(DueDate(period, false), absl::CivilDay(2018, 7, 31));
  *period.mutable_agency_due_date() = DateToProto(absl::CivilDay(2018, 7, 10));
  EXPECT_EQ(DueDate(period, /*direct_to_top=*/false), absl::CivilDay(2018, 7, 10));
  EXPECT_EQ(DueDate(period, /*direct_to_top=*/true), absl::CivilDay(2018, 7, 31));
  EXPECT_EQ(DueDate(Period(2), false), absl::CivilDay(2019, 1, 20));
}

TEST_F(ReportRulesTest, ContentChecksNameTheField) {
  const auto check = [&](const v1::ReportContent& c) {
    return ValidateReportContent(c, plan_->content(), Period(1));
  };
  v1::ReportContent c = testing::CompleteReport(1);
  EXPECT_TRUE(check(c).ok());
  c.mutable_measure_results(0)->set_measure_code("7.1");
  EXPECT_EQ(check(c).message(),
            "content.measure_results[0].measure_code: \"7.1\" is not a measure of the "
            "implementation plan (1.1 .. 6.4 in 2018)");
  c = testing::CompleteReport(1);
  *c.add_measure_results() = c.measure_results(0);
  EXPECT_EQ(check(c).message(), "content.measure_results[1].measure_code: \"2.3\" is reported twice");
  c = testing::CompleteReport(1);
  c.mutable_measure_results(0)->set_evidence_links(0, "file:///etc/passwd");
  EXPECT_EQ(check(c).code(), absl::StatusCode::kInvalidArgument);
  c = testing::CompleteReport(1);
  *c.mutable_meetings(0)->mutable_date() = DateToProto(absl::CivilDay(2018, 8, 1));
  EXPECT_EQ(check(c).message(),
            "content.meetings[0].date: 2018-08-01 is outside period 1 (2018-01-01 .. 2018-06-30)");
  c = testing::CompleteReport(1);
  c.mutable_measure_results(0)->set_results(std::string(5001, 'x'));
  EXPECT_EQ(check(c).message(),
            "content.measure_results[0].results: must be 0..5000 characters, got 5001");
  c = testing::CompleteReport(1);
  for (int i = 0; i < 21; ++i) *c.mutable_measure_results(0)->add_indicators() = c.measure_results(0).indicators(0);
  EXPECT_EQ(check(c).message(),
            "content.measure_results[0].indicators: at most 20 items allowed, got 22");
}

TEST_F(ReportRulesTest, SubmissionNeedsTheRequiredParts) {
  v1::ReportContent c = testing::CompleteReport(1);
  EXPECT_TRUE(CheckReadyToSubmit(c).ok());
  c.mutable_measure_results(0)->clear_actions_taken();
  EXPECT_EQ(CheckReadyToSubmit(c).message(),
            "content.measure_results[0].actions_taken: is required to submit");
  c.clear_measure_results();
  EXPECT_EQ(CheckReadyToSubmit(c).message(),
            "content.measure_results: at least one measure result is required to submit");
  c.clear_as_of_date();
  EXPECT_EQ(CheckReadyToSubmit(c).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ReportRulesTest, CompletenessStatusByFirstSubmissionAndDueDate) {
  const absl::CivilDay due(2018, 7, 31);
  const absl::Time before = StartOfTaipeiDay(due), after = StartOfTaipeiDay(due + 1);
  EXPECT_EQ(StatusOf(std::nullopt, due, before), v1::COMPLETENESS_STATUS_PENDING);
  EXPECT_EQ(StatusOf(std::nullopt, due, after), v1::COMPLETENESS_STATUS_MISSING);
  v1::ReportRevision first;
  EXPECT_EQ(StatusOf(first, due, after), v1::COMPLETENESS_STATUS_ON_TIME);
  first.set_late(true);
  EXPECT_EQ(StatusOf(first, due, after), v1::COMPLETENESS_STATUS_LATE);
}

TEST_F(ReportRulesTest, DigestsAreStableAndFollowTheContent) {
  const v1::ReportContent c = testing::CompleteReport(1);
  const std::string digest = ContentDigest(c);
  EXPECT_EQ(digest.size(), 7u + 64u);
  EXPECT_EQ(digest.substr(0, 7), "sha256:");
  EXPECT_EQ(ContentDigest(testing::CompleteReport(1)), digest);
  v1::ReportContent changed = c;
  changed.set_summary("另一摘要");
  EXPECT_NE(ContentDigest(changed), digest);
}

TEST_F(ReportRulesTest, TheDigestFollowsTheDocumentedCanonicalForm) {
  // As of 2018-06-30, summary "ok", encoded by hand from reports.proto's recipe: field 1
  // (as_of_date, 7 bytes: year 2018, month 6, day 30), then field 5 (summary, 2 bytes).
  const std::string bytes("\x0a\x07\x08\xe2\x0f\x10\x06\x18\x1e\x2a\x02ok", 13);
  v1::ReportContent content;
  *content.mutable_as_of_date() = DateToProto(absl::CivilDay(2018, 6, 30));
  content.set_summary("ok");
  EXPECT_EQ(ContentDigest(content), "sha256:" + Sha256Hex(bytes));
  // Pinned: `printf '\x0a\x07\x08\xe2\x0f\x10\x06\x18\x1e\x2a\x02ok' | sha256sum`.
  EXPECT_EQ(ContentDigest(content),
            "sha256:c9130304516db686702e09eaec9e28f40ea2ae3ff2dbb9dda7a271b91695cd10");
}

TEST_F(ReportRulesTest, ASubmissionMakesTheNextRevisionTheReportAndItsEvent) {
  v1::ProgressReport report;
  report.set_name("orgs/dpo-kinmen/reports/2018-1");
  report.set_organisation("orgs/dpo-kinmen");
  report.set_state(v1::REPORT_STATE_RETURNED);
  report.set_latest_revision(1);
  report.set_return_reason("請補充");
  *report.mutable_content() = testing::CompleteReport(1);
  v1::ReportingRoute route;
  route.set_recipient("orgs/moj");
  route.add_hops("orgs/moj");
  route.set_direct_to_top(true);
  v1::ReportingPeriod period;
  *period.mutable_agency_due_date() = DateToProto(absl::CivilDay(2018, 7, 31));
  *period.mutable_ministry_due_date() = DateToProto(absl::CivilDay(2018, 7, 20));
  v1::Principal staff;
  staff.set_organisation("orgs/dpo-kinmen");
  const absl::Time now = StartOfTaipeiDay(absl::CivilDay(2018, 7, 23)) + absl::Hours(9);

  const Submission s = BuildSubmission(report, route, period, 2, staff, now);
  EXPECT_EQ(s.revision.name(), "orgs/dpo-kinmen/reports/2018-1/revisions/2");
  EXPECT_EQ(s.revision.content_digest(), ContentDigest(report.content()));
  EXPECT_EQ(s.revision.recipient(), "orgs/moj");
  EXPECT_EQ(s.revision.due_date().day(), 20);  // Kinmen reports to the ministry: its due date
  EXPECT_TRUE(s.revision.late());
  EXPECT_EQ(s.revision.days_late(), 3);
  EXPECT_EQ(s.revision.implementation_plan_version(), 2);
  EXPECT_EQ(s.report.state(), v1::REPORT_STATE_SUBMITTED);
  EXPECT_EQ(s.report.latest_revision(), 2);
  EXPECT_EQ(s.report.return_reason(), "");
  EXPECT_FALSE(s.report.etag().empty());
  EXPECT_EQ(s.event.type(), v1::REPORT_EVENT_TYPE_SUBMITTED);
  EXPECT_EQ(s.event.revision(), 2);
  EXPECT_EQ(s.event.recipient(), "orgs/moj");
  EXPECT_EQ(s.event.days_late(), 3);
}

TEST_F(ReportRulesTest, ReadingBatchesAreChecked) {
  const absl::Time now = absl::FromUnixSeconds(1530000000);
  v1::RecordReadingsRequest batch;
  batch.set_organisation("orgs/dpo-taipei");
  batch.set_batch_id("b1");
  EXPECT_EQ(ValidateReadingBatch(batch, now).message(),
            "readings: a batch holds 1..1000 readings, got none");
  auto* r = batch.add_readings();
  r->set_indicator("counter.waiting_minutes");
  r->set_value(4.5);
  *r->mutable_time() = ToTimestamp(now - absl::Hours(1));
  EXPECT_TRUE(ValidateReadingBatch(batch, now).ok());
  *r->mutable_time() = ToTimestamp(now + absl::Hours(1));
  EXPECT_EQ(ValidateReadingBatch(batch, now).message(),
            "readings[0].time: must not be in the future");
  *r->mutable_time() = ToTimestamp(now - absl::Hours(1));
  r->mutable_time()->set_nanos(-1);
  EXPECT_EQ(ValidateReadingBatch(batch, now).message(),
            "readings[0].time.nanos: must be 0..999999999, got -1");
  r->mutable_time()->set_nanos(1500000000);
  EXPECT_EQ(ValidateReadingBatch(batch, now).message(),
            "readings[0].time.nanos: must be 0..999999999, got 1500000000");
  r->mutable_time()->set_nanos(0);
  r->mutable_time()->set_seconds(-70000000000);
  EXPECT_EQ(ValidateReadingBatch(batch, now).message(),
            "readings[0].time.seconds: must fall in the years 1912..2200, got -70000000000");
  r->clear_time();
  EXPECT_EQ(ValidateReadingBatch(batch, now).message(), "readings[0].time: is required");
  *r->mutable_time() = ToTimestamp(now);
  r->set_indicator("waiting time");
  EXPECT_EQ(ValidateReadingBatch(batch, now).message(),
            "readings[0].indicator: must be 1..100 of [A-Za-z0-9._-]");
}

}  // namespace
}  // namespace svcup::reports
