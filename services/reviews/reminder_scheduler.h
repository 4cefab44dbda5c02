// Runs the reminders in the background: at start and then every interval, sends what is due
// (Reminders::SendDue) and mails what the relay has not accepted yet. Errors are logged and
// retried on the next round; a missed round is caught up by the next (the keys make each
// reminder go out once).
#ifndef SVCUP_SERVICES_REVIEWS_REMINDER_SCHEDULER_H_
#define SVCUP_SERVICES_REVIEWS_REMINDER_SCHEDULER_H_

#include <memory>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/reviews/reminders.h"

namespace svcup::reviews {

// One background thread. Thread-safe.
class ReminderScheduler {
 public:
  // `reminders` (and `mailer`, which may be null: no mail) must outlive the scheduler.
  ReminderScheduler(Reminders& reminders, ReminderMailer* mailer, absl::Duration interval);
  // Stops the thread.
  ~ReminderScheduler();

  // Runs one round now, on the caller's thread (also what the thread does each interval).
  void RunOnce();

 private:
  void Loop();

  Reminders& reminders_;
  ReminderMailer* const mailer_;
  const absl::Duration interval_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_REMINDER_SCHEDULER_H_
