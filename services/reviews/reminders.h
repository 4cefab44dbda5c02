// Reminders and escalation: each agency is reminded of what it owes (its execution plan, each
// period's report, a returned report, an open deficiency) on the days of its plan's schedule,
// and past the escalation days its supervisor (the ministry for agencies reporting to it
// directly) gets one digest a day of what its agencies owe. Each reminder and digest is stored
// in an append-only log under a key that makes it go out once, also when it was missed while
// the service was down; it is audited, listed, streamed, and mailed by ReminderMailer.
#ifndef SVCUP_SERVICES_REVIEWS_REMINDERS_H_
#define SVCUP_SERVICES_REVIEWS_REMINDERS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/server/event_notifier.h"
#include "services/reviews/review_aggregate.h"
#include "svcup/v1/reviews.pb.h"

namespace svcup::reviews {

// Sends a reminder by e-mail; implemented over SMTP by SmtpMailer.
class ReminderMailer {
 public:
  virtual ~ReminderMailer() = default;
  // Hands `reminder` to the relay for reminder.email(); OK once the relay accepted it.
  virtual absl::Status Send(const v1::Reminder& reminder) = 0;
};

// The reminders aggregate (see reviews.proto).
class Reminders final : public ReviewAggregate {
 public:
  // All must outlive the aggregate. `email_pattern` ("{code}@moj.example") gives each
  // addressee's e-mail address; empty: reminders are not mailed.
  Reminders(ReviewStore& store, PlansGateway& plans, ReportsClient& reports, const Clock& clock,
            EventNotifier& events, std::string email_pattern = "")
      : ReviewAggregate(store, plans, reports, clock),
        events_(events),
        email_pattern_(std::move(email_pattern)) {}

  // Sends every reminder and digest due today (or missed before) that was not sent yet.
  // Returns how many were sent.
  absl::StatusOr<int> SendDue();

  // Mails the reminders the relay has not accepted yet through `mailer`; returns how many it
  // accepted now. Stops at the first refusal (the relay is retried on the next round).
  absl::StatusOr<int> MailPending(ReminderMailer& mailer);

  absl::StatusOr<v1::ListRemindersResponse> ListReminders(const v1::Principal& caller,
                                                          const v1::ListRemindersRequest& request);

  // Opens a watch: checks the caller may watch the addressee. Returns the addressee to filter
  // by ("" for every reminder).
  absl::StatusOr<std::string> OpenWatch(const v1::Principal& caller,
                                        const v1::WatchRemindersRequest& request);
  // Up to `limit` reminders after `after_sequence` for a watch opened by OpenWatch.
  absl::StatusOr<std::vector<v1::Reminder>> RemindersAfter(const std::string& addressee,
                                                           int64_t after_sequence, int limit);

  // Wakes the watch streams; closed when the service drains.
  EventNotifier& notifier() { return events_; }

 private:
  // What the agencies owe today: one entry per obligation, with the organisation escalations
  // about it go to and, for a returned report, its latest revision.
  struct Owed {
    v1::Obligation obligation;
    std::string escalate_to;
    int returned_revision = 0;
    v1::ReminderSchedule schedule;
  };
  absl::StatusOr<std::vector<Owed>> ListOwed(absl::CivilDay today);

  EventNotifier& events_;
  const std::string email_pattern_;
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_REMINDERS_H_
