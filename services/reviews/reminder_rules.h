// The rules of reminders and escalation as pure functions: the schedule in force, which
// schedule day a reminder answers, when an obligation is escalated, and the keys that make
// each reminder and each day's digest go out exactly once. No gRPC, no SQL.
#ifndef SVCUP_SERVICES_REVIEWS_REMINDER_RULES_H_
#define SVCUP_SERVICES_REVIEWS_REMINDER_RULES_H_

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "svcup/v1/plans.pb.h"
#include "svcup/v1/reviews.pb.h"

namespace svcup::reviews {

// The plan's reminder schedule, or the default (-14, -3, 0, 1; escalation after 3 days).
v1::ReminderSchedule EffectiveSchedule(const v1::ImplementationPlanContent& plan);

// The latest schedule day (relative to `due`) that falls on or before `today`: the reminder
// due now, or missed while the service was down. nullopt before the first.
std::optional<int> LatestReminderDay(absl::CivilDay due, const v1::ReminderSchedule& schedule,
                                     absl::CivilDay today);

// Whether an obligation due on `due` and still owed is escalated on `today`: more than the
// schedule's escalation days past due.
bool IsEscalated(absl::CivilDay due, const v1::ReminderSchedule& schedule, absl::CivilDay today);

// Why a reminder is sent, in words: "14 days before the due date", "on the due date",
// "1 day after the due date".
std::string ReminderReason(int schedule_day);

// The key of the reminder of `obligation` for schedule day `day` (a returned report: for its
// return, by revision), and of `addressee`'s escalation digest of `today`: stored with each,
// so that none is sent twice.
std::string ReminderKey(const v1::Obligation& obligation, int day);
std::string ReturnedReportKey(const v1::Obligation& obligation, int revision);
std::string EscalationKey(const std::string& addressee, absl::CivilDay today);

// The e-mail address of organisation `code` by `pattern` ("{code}@moj.example"); empty when
// the pattern is.
std::string EmailAddress(const std::string& pattern, const std::string& code);

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_REMINDER_RULES_H_
