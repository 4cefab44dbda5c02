// Integration tests of completeness and indicator readings through the generated stub.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/auth/crypto.h"
#include "tests/reports/reports_service_fixture.h"

namespace svcup::reports {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

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
  v1::Completeness before =
      completeness(Reviewer("high-prosecutors"), "orgs/high-prosecutors", false);
  EXPECT_EQ(before.total(), 20);
  EXPECT_EQ(before.on_time(), 1);
  EXPECT_EQ(before.pending(), 19);
  EXPECT_EQ(before.missing(), 0);
  // A new draft appends no event but adds a report: the kept view is read again.
  Draft("dpo-keelung");
  const v1::Completeness drafted =
      completeness(Reviewer("high-prosecutors"), "orgs/high-prosecutors", false);
  for (const auto& a : drafted.agencies()) {
    if (a.organisation() == "orgs/dpo-keelung") {
      EXPECT_EQ(a.report_state(), v1::REPORT_STATE_DRAFT);
    }
  }

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

TEST_F(ReportsServiceTest, CompletenessLinesComeInPagesUnderWholeTotals) {
  DraftAndSubmit("dpo-taipei");
  const std::string officer = Token("moj", v1::ROLE_MINISTRY_OFFICER);
  v1::GetCompletenessRequest request;
  request.set_recipient("orgs/moj");
  request.set_year(2018);
  request.set_period(1);
  request.set_whole_tree(true);
  v1::Completeness whole;
  ASSERT_TRUE(stub().GetCompleteness(Context(officer).get(), request, &whole).ok());
  ASSERT_EQ(whole.agencies_size(), 84);  // the default page (1,000) holds the whole tree
  EXPECT_TRUE(whole.next_page_token().empty());

  // Pages of 30: 30, 30 and 24 lines, in order, each with the totals of the whole tree.
  request.set_page_size(30);
  std::vector<std::string> paged;
  std::vector<int> sizes;
  v1::Completeness page;
  do {
    page.Clear();
    ASSERT_TRUE(stub().GetCompleteness(Context(officer).get(), request, &page).ok());
    EXPECT_EQ(page.total(), 84);
    EXPECT_EQ(page.on_time(), 1);
    EXPECT_EQ(page.pending(), 83);
    sizes.push_back(page.agencies_size());
    for (const auto& line : page.agencies()) paged.push_back(line.organisation());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_THAT(sizes, ElementsAre(30, 30, 24));
  std::vector<std::string> all;
  for (const auto& line : whole.agencies()) all.push_back(line.organisation());
  EXPECT_EQ(paged, all);

  // A token belongs to its recipient, year, period and scope; page_size is not negative.
  request.set_page_token("");
  ASSERT_TRUE(stub().GetCompleteness(Context(officer).get(), request, &page).ok());
  request.set_page_token(page.next_page_token());
  request.set_whole_tree(false);
  grpc::Status status = stub().GetCompleteness(Context(officer).get(), request, &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_token: was issued for a call with other"));
  request.set_page_token("");
  request.set_page_size(-1);
  status = stub().GetCompleteness(Context(officer).get(), request, &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "page_size: must be 0 (default 1000) or positive, got -1");
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
  for (int i = 0; i < 11; ++i)
    flood.push_back(batch(absl::StrCat("f", i), std::vector<double>(1000, 1.0), 10));
  auto context = Context(staff);
  v1::RecordReadingsResponse response;
  auto writer = stub().RecordReadings(context.get(), &response);
  for (const auto& b : flood) {
    if (!writer->Write(b)) break;
  }
  writer->WritesDone();
  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

}  // namespace
}  // namespace svcup::reports
