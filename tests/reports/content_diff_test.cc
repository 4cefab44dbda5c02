// Unit tests of DiffContent: what a reviewer is shown as changed between two revisions.
#include "services/reports/content_diff.h"

#include <gtest/gtest.h>

#include "common/calendar/roc_calendar.h"
#include "tests/testing/reports_fixture.h"

namespace svcup::reports {
namespace {

v1::ReportRevision Base() {
  v1::ReportRevision base;
  base.set_name("orgs/dpo-taipei/reports/2018-1/revisions/1");
  base.set_content_digest("sha256:base");
  *base.mutable_content() = testing::CompleteReport(1);
  return base;
}

TEST(ContentDiffTest, TheSameContentHasNoChanges) {
  const v1::ReportRevision base = Base();
  const v1::ContentDiff diff = DiffContent(base, base.content());
  EXPECT_EQ(diff.base_revision(), base.name());
  EXPECT_EQ(diff.base_digest(), "sha256:base");
  EXPECT_FALSE(diff.as_of_date_changed());
  EXPECT_EQ(diff.measures_size(), 0);
  EXPECT_EQ(diff.meetings_added_size(), 0);
  EXPECT_EQ(diff.meetings_removed_size(), 0);
  EXPECT_FALSE(diff.priorities_changed());
  EXPECT_FALSE(diff.summary_changed());
}

TEST(ContentDiffTest, IndicatorsAndEvidenceChangeByNameAndLink) {
  const v1::ReportRevision base = Base();
  v1::ReportContent newer = base.content();
  v1::MeasureResult& m = *newer.mutable_measure_results(0);
  m.mutable_indicators(0)->set_value(93.0);
  v1::Indicator& added = *m.add_indicators();
  added.set_name("受訪人數");
  added.set_value(400);
  added.set_unit("人");
  m.clear_evidence_links();
  m.add_evidence_links("https://www.example.gov.tw/survey-107-v2.pdf");
  const v1::ContentDiff diff = DiffContent(base, newer);
  ASSERT_EQ(diff.measures_size(), 1);
  const v1::MeasureChange& change = diff.measures(0);
  EXPECT_EQ(change.measure_code(), "2.3");
  EXPECT_EQ(change.kind(), v1::CHANGE_KIND_MODIFIED);
  EXPECT_FALSE(change.actions_taken_changed());
  EXPECT_EQ(change.previous_actions_taken(), "");
  ASSERT_EQ(change.indicators_size(), 2);
  EXPECT_EQ(change.indicators(0).name(), "民眾滿意度");
  EXPECT_EQ(change.indicators(0).kind(), v1::CHANGE_KIND_MODIFIED);
  EXPECT_EQ(change.indicators(0).previous_value(), 91.5);
  EXPECT_EQ(change.indicators(0).value(), 93.0);
  EXPECT_EQ(change.indicators(1).name(), "受訪人數");
  EXPECT_EQ(change.indicators(1).kind(), v1::CHANGE_KIND_ADDED);
  ASSERT_EQ(change.evidence_added_size(), 1);
  EXPECT_EQ(change.evidence_added(0), "https://www.example.gov.tw/survey-107-v2.pdf");
  ASSERT_EQ(change.evidence_removed_size(), 1);
  EXPECT_EQ(change.evidence_removed(0), "https://www.example.gov.tw/survey-107.pdf");
}

TEST(ContentDiffTest, MeasuresAndMeetingsAddedAndRemoved) {
  const v1::ReportRevision base = Base();
  v1::ReportContent newer = base.content();
  newer.clear_measure_results();
  v1::MeasureResult& added = *newer.add_measure_results();
  added.set_measure_code("1.1");
  added.set_actions_taken("修訂標準作業流程");
  newer.mutable_meetings(0)->set_decisions("檢討服務流程並追蹤");
  newer.set_summary("修正後摘要");
  *newer.mutable_as_of_date() = DateToProto(absl::CivilDay(2018, 5, 31));
  const v1::ContentDiff diff = DiffContent(base, newer);
  ASSERT_EQ(diff.measures_size(), 2);
  EXPECT_EQ(diff.measures(0).measure_code(), "1.1");
  EXPECT_EQ(diff.measures(0).kind(), v1::CHANGE_KIND_ADDED);
  EXPECT_EQ(diff.measures(1).measure_code(), "2.3");
  EXPECT_EQ(diff.measures(1).kind(), v1::CHANGE_KIND_REMOVED);
  EXPECT_EQ(diff.measures(1).previous_results(), "滿意度較去年提升");
  ASSERT_EQ(diff.meetings_added_size(), 1);
  EXPECT_EQ(diff.meetings_added(0).decisions(), "檢討服務流程並追蹤");
  ASSERT_EQ(diff.meetings_removed_size(), 1);
  EXPECT_EQ(diff.meetings_removed(0).decisions(), "檢討服務流程");
  EXPECT_TRUE(diff.summary_changed());
  EXPECT_TRUE(diff.as_of_date_changed());
}

}  // namespace
}  // namespace svcup::reports
