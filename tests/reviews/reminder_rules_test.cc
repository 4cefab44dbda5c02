// Unit tests of the reminder rules: schedule days, escalation and keys.
#include "services/reviews/reminder_rules.h"

#include <gtest/gtest.h>

namespace svcup::reviews {
namespace {

TEST(ReminderRules, TheLatestScheduleDayReachedIsTheOneDue) {
  const v1::ReminderSchedule schedule = EffectiveSchedule(v1::ImplementationPlanContent());
  const absl::CivilDay due(2018, 7, 31);
  EXPECT_EQ(LatestReminderDay(due, schedule, absl::CivilDay(2018, 7, 16)), std::nullopt);
  EXPECT_EQ(LatestReminderDay(due, schedule, absl::CivilDay(2018, 7, 17)), -14);
  EXPECT_EQ(LatestReminderDay(due, schedule, absl::CivilDay(2018, 7, 30)), -3);
  EXPECT_EQ(LatestReminderDay(due, schedule, absl::CivilDay(2018, 7, 31)), 0);
  EXPECT_EQ(LatestReminderDay(due, schedule, absl::CivilDay(2018, 12, 31)), 1);
  EXPECT_FALSE(IsEscalated(due, schedule, absl::CivilDay(2018, 8, 3)));
  EXPECT_TRUE(IsEscalated(due, schedule, absl::CivilDay(2018, 8, 4)));
}

TEST(ReminderRules, ReasonsKeysAndAddresses) {
  EXPECT_EQ(ReminderReason(-14), "14 days before the due date");
  EXPECT_EQ(ReminderReason(0), "on the due date");
  EXPECT_EQ(ReminderReason(1), "1 day after the due date");
  v1::Obligation o;
  o.set_subject("orgs/dpo-taipei/reports/2018-1");
  EXPECT_EQ(ReminderKey(o, -3), "reminder|orgs/dpo-taipei/reports/2018-1|-3");
  EXPECT_EQ(ReturnedReportKey(o, 2), "returned|orgs/dpo-taipei/reports/2018-1|2");
  EXPECT_EQ(EscalationKey("orgs/corrections", absl::CivilDay(2018, 8, 4)),
            "escalation|orgs/corrections|2018-08-04");
  EXPECT_EQ(EmailAddress("{code}@moj.example", "dpo-taipei"), "dpo-taipei@moj.example");
  EXPECT_EQ(EmailAddress("", "dpo-taipei"), "");
}

}  // namespace
}  // namespace svcup::reviews
