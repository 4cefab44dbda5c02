// Integration tests of reminders and escalation, with plans, reports and reviews in process
// through the generated stubs on 127.0.0.1 (port 0), and mail through a local SMTP sink. The
// background scheduler's round (Reminders::SendDue) is called directly under the fake clock.
#include <gtest/gtest.h>

#include "services/reviews/smtp_mailer.h"
#include "tests/reviews/reviews_service_fixture.h"
#include "tests/testing/smtp_sink.h"

namespace svcup::reviews {
namespace {

class RemindersTest : public ReviewsServiceTest {
 protected:
  explicit RemindersTest(const std::string& email = "") : ReviewsServiceTest(email) {}

  Reminders& reminders() { return reviews_.registry().reminders(); }

  int SendDue() {
    absl::StatusOr<int> sent = reminders().SendDue();
    EXPECT_TRUE(sent.ok()) << sent.status();
    return sent.value_or(-1);
  }

  v1::ListRemindersResponse List(const std::string& token, const std::string& addressee = "") {
    v1::ListRemindersRequest request;
    request.set_addressee(addressee);
    request.set_page_size(500);
    v1::ListRemindersResponse response;
    const grpc::Status status = stub().ListReminders(Context(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }
};

TEST_F(RemindersTest, EachIsSentOnceOnItsScheduleDayOrWhenTheServiceComesBack) {
  // 2018-07-10: no execution plan is published (deadline 2018-03-31): each agency gets the
  // latest reminder of its schedule (1 day after), and each supervisor and the ministry a digest.
  EXPECT_EQ(SendDue(), 84 + 4);
  EXPECT_EQ(SendDue(), 0);  // the same day again: nothing twice
  v1::ListRemindersResponse taipei = List(Staff("dpo-taipei"));
  ASSERT_EQ(taipei.reminders_size(), 1);
  const v1::Reminder& plan = taipei.reminders(0);
  EXPECT_EQ(plan.kind(), v1::REMINDER_KIND_REMINDER);
  EXPECT_EQ(plan.addressee(), "orgs/dpo-taipei");
  EXPECT_EQ(plan.reason(), "1 day after the due date");
  EXPECT_EQ(plan.day().month(), 4);
  EXPECT_EQ(plan.day().day(), 1);
  ASSERT_EQ(plan.obligations_size(), 1);
  EXPECT_EQ(plan.obligations(0).kind(), v1::OBLIGATION_KIND_EXECUTION_PLAN);
  EXPECT_EQ(plan.obligations(0).subject(), "orgs/dpo-taipei/executionPlans/2018");
  EXPECT_EQ(plan.obligations(0).days_overdue(), 101);

  // 2018-07-17, 14 days before the period-1 due date (2018-07-31): a report reminder each, and
  // the day's digests.
  clock().SetTaipeiDay(absl::CivilDay(2018, 7, 17));
  EXPECT_EQ(SendDue(), 84 + 4);
  // Down over 2018-07-28 (3 days before): on 2018-07-29 that reminder goes out, once.
  clock().SetTaipeiDay(absl::CivilDay(2018, 7, 29));
  EXPECT_EQ(SendDue(), 84 + 4);
  EXPECT_EQ(SendDue(), 0);
  taipei = List(Staff("dpo-taipei"));
  ASSERT_EQ(taipei.reminders_size(), 3);
  EXPECT_EQ(taipei.reminders(2).reason(), "3 days before the due date");
  EXPECT_EQ(taipei.reminders(2).day().day(), 28);
  EXPECT_EQ(taipei.reminders(2).obligations(0).subject(), "orgs/dpo-taipei/reports/2018-1");
  EXPECT_EQ(taipei.reminders(2).obligations(0).days_overdue(), -2);
}

TEST_F(RemindersTest, SupervisorsGetOneDigestADayListingWhatTheirAgenciesOwe) {
  clock().SetTaipeiDay(absl::CivilDay(2018, 8, 4));  // period 1 due 2018-07-31, +3 days passed
  Submit("dpo-taipei");
  SendDue();
  const v1::ListRemindersResponse hpo = List(Reviewer("high-prosecutors"), "orgs/high-prosecutors");
  ASSERT_EQ(hpo.reminders_size(), 1);
  const v1::Reminder& digest = hpo.reminders(0);
  EXPECT_EQ(digest.kind(), v1::REMINDER_KIND_ESCALATION);
  // 20 execution plans and 19 period-1 reports (Taipei submitted).
  EXPECT_EQ(digest.obligations_size(), 20 + 19);
  for (const v1::Obligation& o : digest.obligations()) {
    EXPECT_NE(o.subject(), "orgs/dpo-taipei/reports/2018-1");
  }
  // Kinmen and Lienchiang report to the ministry: their escalations go to it.
  const v1::ListRemindersResponse moj = List(Token("moj", v1::ROLE_MINISTRY_OFFICER), "orgs/moj");
  ASSERT_EQ(moj.reminders_size(), 1);
  EXPECT_EQ(moj.reminders(0).obligations_size(), 2 + 2);
  // A supervisor sees its agencies' reminders and its own digest, not another's.
  EXPECT_EQ(List(Reviewer("high-prosecutors")).reminders_size(), 1 + 20 + 19);
  EXPECT_EQ(List(Reviewer("high-prosecutors"), "orgs/aeb-taipei").reminders_size(), 0);
  EXPECT_EQ(List(Staff("dpo-shilin"), "orgs/dpo-taipei").reminders_size(), 0);
}

TEST_F(RemindersTest, AReturnedReportIsRemindedOncePerReturnAndTheStreamResumes) {
  const std::string hpo = Reviewer("high-prosecutors");
  v1::Review review;
  ASSERT_TRUE(Review(hpo, Submit("dpo-taipei"), v1::REVIEW_DECISION_RETURN, &review).ok());
  SendDue();
  SendDue();
  v1::WatchRemindersRequest watch;
  watch.set_addressee("orgs/dpo-taipei");
  auto context = Context(Staff("dpo-taipei"));
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  auto stream = stub().WatchReminders(context.get(), watch);
  std::vector<v1::Reminder> seen;
  v1::Reminder reminder;
  while (seen.size() < 2 && stream->Read(&reminder)) seen.push_back(reminder);
  context->TryCancel();
  ASSERT_EQ(seen.size(), 2u);  // the execution plan, and the returned report
  EXPECT_EQ(seen[1].obligations(0).kind(), v1::OBLIGATION_KIND_RETURNED_REPORT);
  EXPECT_EQ(seen[1].reason(), "revision 1 was returned: answer each reason and submit again");

  // Resumed after the first: only the second.
  watch.set_after_sequence(seen[0].sequence());
  auto resumed_context = Context(Staff("dpo-taipei"));
  resumed_context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  auto resumed = stub().WatchReminders(resumed_context.get(), watch);
  ASSERT_TRUE(resumed->Read(&reminder));
  EXPECT_EQ(reminder.sequence(), seen[1].sequence());
  resumed_context->TryCancel();

  // Another agency may not watch Taipei's.
  auto denied_context = Context(Staff("dpo-shilin"));
  auto denied = stub().WatchReminders(denied_context.get(), watch);
  while (denied->Read(&reminder)) {
  }
  EXPECT_EQ(denied->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(RemindersTest, AnOpenDeficiencyIsRemindedUntilItIsAnswered) {
  v1::RecordInspectionRequest record;
  record.set_organisation("orgs/dpo-taipei");
  *record.mutable_date() = DateToProto(absl::CivilDay(2018, 7, 5));
  record.set_kind(v1::INSPECTION_KIND_UNSCHEDULED_VERIFICATION);
  record.set_findings("服務台動線不佳");
  auto* deficiency = record.add_deficiencies();
  deficiency->set_description("叫號系統故障");
  *deficiency->mutable_due_date() = DateToProto(absl::CivilDay(2018, 7, 20));
  record.set_request_id("inspect-1");
  v1::Inspection inspection;
  ASSERT_TRUE(
      stub()
          .RecordInspection(Context(Reviewer("high-prosecutors")).get(), record, &inspection)
          .ok());
  clock().SetTaipeiDay(absl::CivilDay(2018, 7, 17));  // 3 days before it is due
  SendDue();
  const std::string name = inspection.deficiencies(0).name();
  const auto reminded = [&] {
    int found = 0;
    const v1::ListRemindersResponse listed = List(Staff("dpo-taipei"));
    for (const v1::Reminder& r : listed.reminders()) {
      if (r.obligations(0).kind() == v1::OBLIGATION_KIND_DEFICIENCY) {
        EXPECT_EQ(r.obligations(0).subject(), name);
        ++found;
      }
    }
    return found;
  };
  EXPECT_EQ(reminded(), 1);
  // Answered: no reminder on its due date.
  v1::AnswerDeficiencyRequest answer;
  answer.set_name(name);
  answer.set_corrective_action("已更換叫號系統");
  answer.set_etag(inspection.deficiencies(0).etag());
  answer.set_request_id("answer-1");
  v1::Deficiency answered;
  ASSERT_TRUE(stub().AnswerDeficiency(Context(Staff("dpo-taipei")).get(), answer, &answered).ok());
  clock().SetTaipeiDay(absl::CivilDay(2018, 7, 20));
  SendDue();
  EXPECT_EQ(reminded(), 1);
}

class MailedRemindersTest : public RemindersTest {
 protected:
  MailedRemindersTest() : RemindersTest("{code}@moj.example") {}
};

TEST_F(MailedRemindersTest, RemindersAreMailedThroughTheRelayOnce) {
  testing::SmtpSink sink;
  SmtpMailer mailer(sink.url(), "svcup@moj.example");
  clock().SetTaipeiDay(absl::CivilDay(2018, 7, 17));
  SendDue();
  absl::StatusOr<int> mailed = reminders().MailPending(mailer);
  ASSERT_TRUE(mailed.ok()) << mailed.status();
  const int sent = *mailed;
  EXPECT_EQ(sent, 84 + 84 + 4);  // execution plans, period-1 reports, one digest each
  EXPECT_EQ(*reminders().MailPending(mailer), 0);  // accepted ones are not mailed again
  const std::vector<testing::SmtpSink::Mail> mails = sink.mails();
  ASSERT_EQ(static_cast<int>(mails.size()), sent);
  const testing::SmtpSink::Mail* taipei = nullptr;
  for (const auto& m : mails) {
    if (m.recipients == std::vector<std::string>{"<dpo-taipei@moj.example>"} &&
        m.data.find("reports/2018-1") != std::string::npos) {
      taipei = &m;
    }
  }
  ASSERT_NE(taipei, nullptr);
  EXPECT_EQ(taipei->from, "<svcup@moj.example>");
  EXPECT_NE(taipei->data.find("Subject: [svcup] reminder: orgs/dpo-taipei/reports/2018-1 (14 "
                              "days before the due date)"),
            std::string::npos)
      << taipei->data;
  EXPECT_NE(taipei->data.find("- progress report orgs/dpo-taipei/reports/2018-1 of "
                              "orgs/dpo-taipei, due 2018-07-31"),
            std::string::npos);
  const v1::ListRemindersResponse listed = List(Staff("dpo-taipei"));
  for (const v1::Reminder& r : listed.reminders()) {
    EXPECT_EQ(r.email(), "dpo-taipei@moj.example");
    EXPECT_TRUE(r.mailed());
  }
}

TEST_F(MailedRemindersTest, AnUnreachableRelayLeavesThemPendingForTheNextRound) {
  SendDue();
  SmtpMailer nowhere("smtp://127.0.0.1:1", "svcup@moj.example", absl::Seconds(2));
  const absl::StatusOr<int> mailed = reminders().MailPending(nowhere);
  EXPECT_EQ(mailed.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(List(Staff("dpo-taipei")).reminders(0).mailed());
  testing::SmtpSink sink;
  SmtpMailer relay(sink.url(), "svcup@moj.example");
  EXPECT_EQ(*reminders().MailPending(relay), 88);
}

}  // namespace
}  // namespace svcup::reviews
