#include "services/reviews/reminder_scheduler.h"

#include "absl/strings/str_cat.h"
#include "common/server/log.h"

namespace svcup::reviews {

ReminderScheduler::ReminderScheduler(Reminders& reminders, ReminderMailer* mailer,
                                     absl::Duration interval)
    : reminders_(reminders), mailer_(mailer), interval_(interval), thread_([this] { Loop(); }) {}

ReminderScheduler::~ReminderScheduler() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void ReminderScheduler::RunOnce() {
  absl::StatusOr<int> sent = reminders_.SendDue();
  if (!sent.ok()) {
    Log("warning", "reminders not sent this round",
        {{"error", std::string(sent.status().message())}});
  } else if (*sent > 0) {
    Log("info", "reminders sent", {{"count", absl::StrCat(*sent)}});
  }
  if (mailer_ == nullptr) return;
  absl::StatusOr<int> mailed = reminders_.MailPending(*mailer_);
  if (!mailed.ok()) {
    Log("warning", "reminders not mailed this round",
        {{"error", std::string(mailed.status().message())}});
  } else if (*mailed > 0) {
    Log("info", "reminders mailed", {{"count", absl::StrCat(*mailed)}});
  }
}

void ReminderScheduler::Loop() {
  while (true) {
    RunOnce();
    absl::MutexLock lock(&mu_);
    const auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
    if (mu_.AwaitWithTimeout(absl::Condition(&stopping), interval_)) return;
  }
}

}  // namespace svcup::reviews
