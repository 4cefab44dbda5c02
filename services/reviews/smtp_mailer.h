// Mails reminders through an SMTP relay with libcurl (Debian's libcurl4-openssl-dev: a kept
// SMTP client with TLS, rather than one written here). One connection per message; the relay
// is whatever --smtp_url names (smtp://host:port, or smtps:// for implicit TLS).
#ifndef SVCUP_SERVICES_REVIEWS_SMTP_MAILER_H_
#define SVCUP_SERVICES_REVIEWS_SMTP_MAILER_H_

#include <string>

#include "absl/time/time.h"
#include "services/reviews/reminders.h"

namespace svcup::reviews {

// A ReminderMailer over SMTP.
class SmtpMailer final : public ReminderMailer {
 public:
  // `url` as smtp://host:port; `from` the envelope and header sender; each message must be
  // accepted within `timeout`.
  SmtpMailer(std::string url, std::string from, absl::Duration timeout = absl::Seconds(10));

  absl::Status Send(const v1::Reminder& reminder) override;

  // The message of `reminder` as sent (headers and a UTF-8 plain-text body).
  static std::string Message(const v1::Reminder& reminder, const std::string& from);

 private:
  const std::string url_;
  const std::string from_;
  const absl::Duration timeout_;
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_SMTP_MAILER_H_
