#include "services/reviews/reminder_rules.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/calendar/roc_calendar.h"

namespace svcup::reviews {

v1::ReminderSchedule EffectiveSchedule(const v1::ImplementationPlanContent& plan) {
  if (plan.has_reminder_schedule()) return plan.reminder_schedule();
  v1::ReminderSchedule schedule;
  for (int day : {-14, -3, 0, 1}) schedule.add_reminder_days(day);
  schedule.set_escalation_days(3);
  return schedule;
}

std::optional<int> LatestReminderDay(absl::CivilDay due, const v1::ReminderSchedule& schedule,
                                     absl::CivilDay today) {
  std::optional<int> latest;
  for (int day : schedule.reminder_days()) {
    if (due + day <= today && (!latest.has_value() || day > *latest)) latest = day;
  }
  return latest;
}

bool IsEscalated(absl::CivilDay due, const v1::ReminderSchedule& schedule, absl::CivilDay today) {
  return today > due + schedule.escalation_days();
}

std::string ReminderReason(int schedule_day) {
  if (schedule_day == 0) return "on the due date";
  const int days = std::abs(schedule_day);
  return absl::StrCat(days, days == 1 ? " day " : " days ", schedule_day < 0 ? "before" : "after",
                      " the due date");
}

std::string ReminderKey(const v1::Obligation& obligation, int day) {
  return absl::StrCat("reminder|", obligation.subject(), "|", day);
}

std::string ReturnedReportKey(const v1::Obligation& obligation, int revision) {
  return absl::StrCat("returned|", obligation.subject(), "|", revision);
}

std::string EscalationKey(const std::string& addressee, absl::CivilDay today) {
  return absl::StrCat("escalation|", addressee, "|", FormatIsoDate(today));
}

std::string EmailAddress(const std::string& pattern, const std::string& code) {
  return pattern.empty() ? "" : absl::StrReplaceAll(pattern, {{"{code}", code}});
}

}  // namespace svcup::reviews
