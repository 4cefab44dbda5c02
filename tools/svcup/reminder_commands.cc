// svcup reminder list | watch: who was reminded of what, when and why, and the stream an agency
// system follows (part of ReviewsCommands).
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/calendar/roc_calendar.h"
#include "svcup/v1/reviews.grpc.pb.h"
#include "tools/svcup/commands.h"
#include "tools/svcup/reviews_client.h"
#include "tools/svcup/watch_command.h"

ABSL_DECLARE_FLAG(bool, whole_tree);
ABSL_FLAG(std::string, addressee, "", "reminder list: only reminders to this orgs/CODE");
ABSL_FLAG(bool, escalations, false, "reminder list: only the escalation digests");

namespace svcup::cli {
namespace {

std::string DateText(const v1::Date& d) { return FormatIsoDate(CivilDayOf(d)); }

// One line per reminder, then one per obligation it names.
void PrintReminder(const v1::Reminder& r) {
  std::cout << r.sequence() << "  "
            << (r.kind() == v1::REMINDER_KIND_ESCALATION ? "ESCALATION" : "reminder") << " to "
            << r.addressee() << " for " << DateText(r.day()) << ": " << r.reason()
            << (r.mailed() ? absl::StrCat(" (mailed to ", r.email(), ")") : "") << "\n";
  for (const v1::Obligation& o : r.obligations()) {
    std::cout << "    " << EnumFlagName(v1::ObligationKind_Name(o.kind()), "OBLIGATION_KIND_")
              << " " << o.subject() << " due " << DateText(o.due_date())
              << (o.days_overdue() > 0 ? absl::StrCat(", ", o.days_overdue(), " days overdue") : "")
              << "\n";
  }
}

int List(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  v1::ListRemindersRequest request;
  request.set_addressee(absl::GetFlag(FLAGS_addressee));
  if (absl::GetFlag(FLAGS_escalations)) request.set_kind(v1::REMINDER_KIND_ESCALATION);
  v1::ListRemindersResponse all;
  const absl::Status status = ListAllPages<v1::ListRemindersRequest, v1::ListRemindersResponse>(
      request,
      [](grpc::ClientContext& c, const v1::ListRemindersRequest& r,
         v1::ListRemindersResponse* page) { return ReviewsStub()->ListReminders(&c, r, page); },
      &all);
  if (!status.ok()) return ExitCodeOf(status);
  if (JsonOutput()) {
    PrintJson(all);
  } else {
    for (const v1::Reminder& r : all.reminders()) PrintReminder(r);
  }
  return kOk;
}

int Watch(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::WatchRemindersRequest request;
  request.set_addressee(args[0]);
  request.set_after_sequence(absl::GetFlag(FLAGS_after));
  request.set_whole_tree(absl::GetFlag(FLAGS_whole_tree));
  auto stub = ReviewsStub();
  return RunWatch<v1::Reminder>(
      [&](grpc::ClientContext& c) { return stub->WatchReminders(&c, request); }, PrintReminder);
}

}  // namespace

std::vector<Command> ReminderCommands() {
  return {
      {"reminder", "list", "Who was reminded of what, when and why (escalations too)",
       "[--addressee=orgs/CODE] [--escalations]", "svcup reminder list --addressee=orgs/dpo-taipei",
       List},
      {"reminder", "watch", "Stream the reminders addressed to an organisation (resumable)",
       "orgs/CODE [--after=SEQ] [--limit=N] [--follow] [--whole_tree]",
       "svcup reminder watch orgs/dpo-taipei --after=12 --follow", Watch},
  };
}

}  // namespace svcup::cli
