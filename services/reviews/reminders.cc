#include "services/reviews/reminders.h"

#include <map>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/names.h"
#include "common/api/page_budget.h"
#include "common/api/paging.h"
#include "common/auth/policy.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "services/reviews/reminder_rules.h"

namespace svcup::reviews {
namespace {

// Who sends reminders, in the audit trail.
v1::Principal ReminderService() {
  v1::Principal p;
  p.set_organisation(absl::StrCat("orgs/", kReviewsServiceCode));
  p.set_role(v1::ROLE_SERVICE);
  p.set_subject("reminders");
  return p;
}

v1::Obligation MakeObligation(v1::ObligationKind kind, std::string subject, absl::string_view code,
                              absl::CivilDay due) {
  v1::Obligation o;
  o.set_kind(kind);
  o.set_subject(std::move(subject));
  o.set_organisation(OrganisationName(code));
  *o.mutable_due_date() = DateToProto(due);
  return o;
}

// A reminder not sent yet, with the key that makes it go out once.
struct Candidate {
  std::string key;
  v1::Reminder reminder;
};

}  // namespace

absl::StatusOr<std::vector<Reminders::Owed>> Reminders::ListOwed(absl::CivilDay today) {
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  const auto escalate_to = [&](const std::string& code) {
    return OrganisationName(directory->tree().Parent(code));
  };
  std::vector<Owed> owed;
  // Period 2 of a year is due in January of the next: the year before counts too.
  const int this_year = static_cast<int>(today.year());
  for (int year : {this_year - 1, this_year}) {
    absl::StatusOr<std::shared_ptr<const v1::ImplementationPlan>> plan = plans_.CurrentPlan(year);
    if (plan.status().code() == absl::StatusCode::kFailedPrecondition) continue;
    if (!plan.ok()) return plan.status();
    const v1::ReminderSchedule schedule = EffectiveSchedule((*plan)->content());
    if ((*plan)->content().has_execution_plan_deadline()) {
      const absl::CivilDay due = CivilDayOf((*plan)->content().execution_plan_deadline());
      ASSIGN_OR_RETURN(auto published_codes, plans_.PublishedExecutionPlans(year));
      const absl::flat_hash_set<std::string> published(published_codes.begin(),
                                                       published_codes.end());
      for (const std::string& code : directory->codes()) {
        if (!directory->OwesReport(code, due) || published.contains(code)) continue;
        owed.push_back(
            {MakeObligation(v1::OBLIGATION_KIND_EXECUTION_PLAN,
                            absl::StrCat("orgs/", code, "/executionPlans/", year), code, due),
             escalate_to(code), 0, schedule});
      }
    }
    for (const v1::ReportingPeriod& period : (*plan)->content().reporting_periods()) {
      ASSIGN_OR_RETURN(auto completeness,
                       reports_.GetCompleteness(OrganisationName(directory->root()), year,
                                                period.number(), /*whole_tree=*/true));
      for (const v1::AgencyCompleteness& line : completeness.agencies()) {
        const std::string code(OrganisationCodeOf(line.organisation()));
        const bool direct = directory->tree().Parent(code) == directory->root();
        const absl::CivilDay due =
            CivilDayOf(direct ? period.ministry_due_date() : period.agency_due_date());
        const std::string report = ReportName{code, year, period.number()}.ToString();
        if (line.status() == v1::COMPLETENESS_STATUS_PENDING ||
            line.status() == v1::COMPLETENESS_STATUS_MISSING) {
          owed.push_back({MakeObligation(v1::OBLIGATION_KIND_PROGRESS_REPORT, report, code, due),
                          escalate_to(code), 0, schedule});
        } else if (line.report_state() == v1::REPORT_STATE_RETURNED) {
          ASSIGN_OR_RETURN(auto returned, reports_.GetReport(report));
          owed.push_back({MakeObligation(v1::OBLIGATION_KIND_RETURNED_REPORT, report, code, due),
                          escalate_to(code), returned.latest_revision(), schedule});
        }
      }
    }
    if (auto s = store_.Read([&](ReviewTransaction& tx) -> absl::Status {
          ASSIGN_OR_RETURN(auto deficiencies, tx.DeficienciesOfYear(year));
          for (const auto& [code, d] : deficiencies) {
            if (d.state() != v1::DEFICIENCY_STATE_OPEN) continue;
            owed.push_back({MakeObligation(v1::OBLIGATION_KIND_DEFICIENCY, d.name(), code,
                                           CivilDayOf(d.due_date())),
                            escalate_to(code), 0, schedule});
          }
          return absl::OkStatus();
        });
        !s.ok()) {
      return s;
    }
  }
  return owed;
}

absl::StatusOr<int> Reminders::SendDue() {
  const absl::Time now = clock_.Now();
  const absl::CivilDay today = TaipeiDate(now);
  ASSIGN_OR_RETURN(const std::vector<Owed> owed, ListOwed(today));
  std::vector<Candidate> candidates;
  std::map<std::string, v1::Reminder> digests;  // by addressee
  for (const Owed& o : owed) {
    v1::Obligation obligation = o.obligation;
    const absl::CivilDay due = CivilDayOf(obligation.due_date());
    obligation.set_days_overdue(static_cast<int>(today - due));
    v1::Reminder reminder;
    reminder.set_kind(v1::REMINDER_KIND_REMINDER);
    reminder.set_addressee(obligation.organisation());
    *reminder.mutable_send_time() = ToTimestamp(now);
    *reminder.add_obligations() = obligation;
    if (o.returned_revision > 0) {
      reminder.set_reason(absl::StrCat("revision ", o.returned_revision,
                                       " was returned: answer each reason and submit again"));
      *reminder.mutable_day() = DateToProto(today);
      candidates.push_back({ReturnedReportKey(obligation, o.returned_revision), reminder});
    } else if (const std::optional<int> day = LatestReminderDay(due, o.schedule, today)) {
      reminder.set_reason(ReminderReason(*day));
      *reminder.mutable_day() = DateToProto(due + *day);
      candidates.push_back({ReminderKey(obligation, *day), reminder});
    }
    if (IsEscalated(due, o.schedule, today)) {
      v1::Reminder& digest = digests[o.escalate_to];
      if (digest.obligations().empty()) {
        digest.set_kind(v1::REMINDER_KIND_ESCALATION);
        digest.set_addressee(o.escalate_to);
        *digest.mutable_day() = DateToProto(today);
        *digest.mutable_send_time() = ToTimestamp(now);
        digest.set_reason(absl::StrCat("owed more than ", o.schedule.escalation_days(),
                                       " days past the due date by agencies reporting to ",
                                       o.escalate_to));
      }
      *digest.add_obligations() = std::move(obligation);
    }
  }
  for (auto& [addressee, digest] : digests) {
    candidates.push_back({EscalationKey(addressee, today), std::move(digest)});
  }
  int sent = 0;
  RETURN_IF_ERROR(store_.Write([&](ReviewTransaction& tx) -> absl::Status {
    sent = 0;
    for (Candidate& c : candidates) {
      ASSIGN_OR_RETURN(const bool done, tx.HasReminder(c.key));
      if (done) continue;
      v1::Reminder reminder = c.reminder;
      reminder.set_email(
          EmailAddress(email_pattern_, std::string(OrganisationCodeOf(reminder.addressee()))));
      RETURN_IF_ERROR(tx.AppendReminder(reminder, c.key).status());
      RETURN_IF_ERROR(storage::Audit(
          tx, ReminderService(), "SendReminder", reminder.name(), "",
          absl::StrCat(v1::ReminderKind_Name(reminder.kind()), " to ", reminder.addressee(), ", ",
                       reminder.obligations_size(), " obligation(s): ", reminder.reason()),
          now));
      ++sent;
    }
    return absl::OkStatus();
  }));
  if (sent > 0) events_.Notify();
  return sent;
}

absl::StatusOr<int> Reminders::MailPending(ReminderMailer& mailer) {
  int mailed = 0;
  for (bool more = true; more;) {
    std::vector<v1::Reminder> pending;
    RETURN_IF_ERROR(store_.Read([&](ReviewTransaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(pending, tx.UnmailedReminders(100));
      return absl::OkStatus();
    }));
    more = pending.size() == 100;
    for (const v1::Reminder& reminder : pending) {
      RETURN_IF_ERROR(mailer.Send(reminder));
      RETURN_IF_ERROR(
          store_.Write([&](ReviewTransaction& tx) { return tx.MarkMailed(reminder.sequence()); }));
      ++mailed;
    }
  }
  return mailed;
}

absl::StatusOr<std::string> Reminders::OpenWatch(const v1::Principal& caller,
                                                 const v1::WatchRemindersRequest& request) {
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("addressee", request.addressee()));
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  if (!directory->Contains(code)) {
    return absl::NotFoundError(absl::StrCat("addressee: ", request.addressee(), " does not exist"));
  }
  const bool ministry =
      directory->tree().IsRoot(CallerCode(caller)) &&
      (caller.role() == v1::ROLE_MINISTRY_OFFICER || caller.role() == v1::ROLE_SUPERVISOR_REVIEWER);
  if (request.whole_tree()) {
    if (!ministry) {
      return absl::PermissionDeniedError(
          "whole_tree: only the ministry's officers and reviewers watch every reminder");
    }
    return std::string();
  }
  const bool own = CallerCode(caller) == code && caller.role() != v1::ROLE_PUBLIC &&
                   caller.role() != v1::ROLE_UNSPECIFIED && caller.role() != v1::ROLE_OPERATOR;
  if (!own && !ministry) {
    RETURN_IF_ERROR(Authorize(caller, Action::kReviewOwn, code, directory->tree(),
                              absl::StrCat("watch the reminders of ", request.addressee())));
  }
  return OrganisationName(code);
}

absl::StatusOr<std::vector<v1::Reminder>> Reminders::RemindersAfter(const std::string& addressee,
                                                                    int64_t after_sequence,
                                                                    int limit) {
  std::vector<v1::Reminder> reminders;
  RETURN_IF_ERROR(store_.Read([&](ReviewTransaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(reminders, tx.ListReminders(addressee, after_sequence, limit));
    return absl::OkStatus();
  }));
  return reminders;
}

absl::StatusOr<v1::ListRemindersResponse> Reminders::ListReminders(
    const v1::Principal& caller, const v1::ListRemindersRequest& request) {
  if (!v1::ReminderKind_IsValid(request.kind())) {
    return absl::InvalidArgumentError("kind: not a ReminderKind value");
  }
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  const absl::string_view me = CallerCode(caller);
  RETURN_IF_ERROR(
      Authorize(caller, Action::kReadRestricted, me, directory->tree(), "list reminders"));
  std::string addressee;
  if (!request.addressee().empty()) {
    ASSIGN_OR_RETURN(auto code, ParseOrganisationName("addressee", request.addressee()));
    addressee = OrganisationName(code);
  }
  const bool see_all = directory->tree().IsRoot(me);
  // An agency sees only its own: read those alone rather than the whole log.
  if (addressee.empty() && !see_all && directory->tree().Children(me).empty()) {
    addressee = OrganisationName(me);
  }
  // Visible: reminders to the caller's organisation and to the agencies reporting to it.
  const auto visible = [&](const v1::Reminder& r) {
    const absl::string_view to = OrganisationCodeOf(r.addressee());
    return see_all || to == me || directory->tree().Parent(to) == me;
  };
  const std::string filters = absl::StrCat(addressee, "|", request.kind());
  ASSIGN_OR_RETURN(auto page, ParsePageRequest(request.page_size(), request.page_token(), filters));
  int64_t after = 0;
  if (!page.after_key.empty() && !absl::SimpleAtoi(page.after_key, &after)) {
    return absl::InvalidArgumentError("page_token: is not a token of this list");
  }
  v1::ListRemindersResponse response;
  PageBudget budget(page.limit);
  // Reads in batches until the page is full or the log ends; invisible ones are skipped.
  for (bool more = true; more;) {
    ASSIGN_OR_RETURN(auto batch, RemindersAfter(addressee, after, 500));
    more = batch.size() == 500;
    for (v1::Reminder& r : batch) {
      after = r.sequence();
      if (!visible(r) ||
          (request.kind() != v1::REMINDER_KIND_UNSPECIFIED && r.kind() != request.kind())) {
        continue;
      }
      if (!budget.Admit(r.ByteSizeLong())) {
        response.set_next_page_token(
            MakePageToken(absl::StrCat(response.reminders().rbegin()->sequence()), filters));
        return response;
      }
      *response.add_reminders() = std::move(r);
    }
  }
  return response;
}

}  // namespace svcup::reviews
