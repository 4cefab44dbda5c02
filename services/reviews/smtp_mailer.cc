#include "services/reviews/smtp_mailer.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "common/calendar/roc_calendar.h"

namespace svcup::reviews {
namespace {

// The message being uploaded, read by libcurl in pieces.
struct Upload {
  const std::string* text;
  size_t offset = 0;
};

size_t ReadPiece(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->text->size() - upload->offset);
  std::memcpy(buffer, upload->text->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

std::string KindWord(v1::ObligationKind kind) {
  switch (kind) {
    case v1::OBLIGATION_KIND_EXECUTION_PLAN:
      return "execution plan";
    case v1::OBLIGATION_KIND_PROGRESS_REPORT:
      return "progress report";
    case v1::OBLIGATION_KIND_RETURNED_REPORT:
      return "returned report";
    case v1::OBLIGATION_KIND_DEFICIENCY:
      return "deficiency";
    default:
      return "obligation";
  }
}

std::string DateText(const v1::Date& d) { return FormatIsoDate(CivilDayOf(d)); }

}  // namespace

SmtpMailer::SmtpMailer(std::string url, std::string from, absl::Duration timeout)
    : url_(std::move(url)), from_(std::move(from)), timeout_(timeout) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string SmtpMailer::Message(const v1::Reminder& reminder, const std::string& from) {
  const bool escalation = reminder.kind() == v1::REMINDER_KIND_ESCALATION;
  std::string subject =
      escalation ? absl::StrCat("[svcup] overdue at agencies reporting to ", reminder.addressee(),
                                ": ", reminder.obligations_size(), " item(s)")
                 : absl::StrCat("[svcup] reminder: ", reminder.obligations(0).subject(), " (",
                                reminder.reason(), ")");
  std::string body = absl::StrCat(reminder.reason(), "\r\n\r\n");
  for (const v1::Obligation& o : reminder.obligations()) {
    absl::StrAppend(
        &body, "- ", KindWord(o.kind()), " ", o.subject(), " of ", o.organisation(), ", due ",
        DateText(o.due_date()),
        o.days_overdue() > 0 ? absl::StrCat(", ", o.days_overdue(), " days overdue") : "", "\r\n");
  }
  absl::StrAppend(&body, "\r\n", reminder.name(), " for ", DateText(reminder.day()), "\r\n");
  // A line of a single dot would end the DATA section early; SMTP doubles it (RFC 5321 4.5.2).
  body = absl::StrReplaceAll(body, {{"\r\n.", "\r\n.."}});
  return absl::StrCat(
      "From: ", from, "\r\nTo: ", reminder.email(), "\r\nSubject: ", subject, "\r\nDate: ",
      absl::FormatTime("%a, %d %b %Y %H:%M:%S %z", FromTimestamp(reminder.send_time()),
                       absl::UTCTimeZone()),
      "\r\nMessage-ID: <", absl::StrReplaceAll(reminder.name(), {{"/", "."}}), "@svcup>",
      "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\n",
      body);
}

absl::Status SmtpMailer::Send(const v1::Reminder& reminder) {
  const std::string text = Message(reminder, from_);
  Upload upload{&text};
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return absl::InternalError("cannot start libcurl");
  struct curl_slist* recipients =
      curl_slist_append(nullptr, ("<" + reminder.email() + ">").c_str());
  const std::string sender = "<" + from_ + ">";
  curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, sender.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadPiece);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(timeout_)));
  const CURLcode result = curl_easy_perform(curl);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);
  if (result != CURLE_OK) {
    return absl::UnavailableError(absl::StrCat("the SMTP relay ", url_, " did not accept ",
                                               reminder.name(), " for ", reminder.email(), ": ",
                                               curl_easy_strerror(result)));
  }
  return absl::OkStatus();
}

}  // namespace svcup::reviews
