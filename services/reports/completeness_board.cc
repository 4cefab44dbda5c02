#include "services/reports/completeness_board.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/names.h"
#include "common/api/paging.h"
#include "common/api/validation.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "services/reports/report_rules.h"
#include "services/reports/report_scope.h"

namespace svcup::reports {

absl::StatusOr<v1::Completeness> CompletenessBoard::GetCompleteness(
    const v1::Principal& caller, const v1::GetCompletenessRequest& request) {
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("recipient", request.recipient()));
  ASSIGN_OR_RETURN(auto scope,
                   OpenScope(plans_, "recipient", code, caller, Action::kReadRestricted,
                             absl::StrCat("read the completeness of ", request.recipient())));
  RETURN_IF_ERROR(CheckRecipient(caller, *scope.directory, code,
                                 absl::StrCat("read the completeness of ", request.recipient())));
  if (request.whole_tree() && !scope.directory->tree().IsRoot(code)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "whole_tree: applies to the top of the tree (orgs/", scope.directory->root(), ") only"));
  }
  const std::string filters =
      absl::StrCat(code, "|", request.year(), "|", request.period(), "|", request.whole_tree());
  ASSIGN_OR_RETURN(auto page, ParsePageRequest(request.page_size(), request.page_token(), filters,
                                               kMaxLines, kMaxLines));
  ASSIGN_OR_RETURN(auto period, OpenPeriod(plans_, request.year(), request.period()));
  ASSIGN_OR_RETURN(auto snapshot, ReadPeriodSnapshot(request.year(), request.period()));
  const absl::Time now = clock_.Now();
  const std::shared_ptr<const View> view =
      ReadView(scope.directory, code, request.whole_tree(), period, std::move(snapshot), now);

  // The totals and one page of lines, after the last organisation of the previous page.
  const v1::Completeness& all = view->completeness;
  v1::Completeness answer;
  answer.set_recipient(all.recipient());
  answer.set_year(all.year());
  answer.set_period(all.period());
  *answer.mutable_due_date() = all.due_date();
  *answer.mutable_as_of() = ToTimestamp(now);
  answer.set_on_time(all.on_time());
  answer.set_late(all.late());
  answer.set_missing(all.missing());
  answer.set_pending(all.pending());
  answer.set_total(all.total());
  answer.set_submitted_percent(all.submitted_percent());
  const auto& lines = all.agencies();
  auto it = lines.begin();
  if (!page.after_key.empty()) {
    it = std::upper_bound(lines.begin(), lines.end(), OrganisationName(page.after_key),
                          [](const std::string& name, const v1::AgencyCompleteness& line) {
                            return name < line.organisation();
                          });
  }
  answer.mutable_agencies()->Reserve(std::min<int>(page.limit, lines.end() - it));
  for (; it != lines.end() && answer.agencies_size() < page.limit; ++it) {
    *answer.add_agencies() = *it;
  }
  if (it != lines.end()) {
    answer.set_next_page_token(MakePageToken(
        OrganisationCodeOf(answer.agencies(answer.agencies_size() - 1).organisation()), filters));
  }
  return answer;
}

std::shared_ptr<const CompletenessBoard::View> CompletenessBoard::ReadView(
    std::shared_ptr<const OrganisationDirectory> directory, const std::string& code,
    bool whole_tree, const PeriodScope& period, std::shared_ptr<const PeriodSnapshot> snapshot,
    absl::Time now) {
  const auto key = std::make_tuple(period.plan->year(), period.period.number(), code, whole_tree);
  const absl::CivilDay day = TaipeiDate(now);
  {
    absl::MutexLock lock(&mu_);
    if (auto it = views_.find(key); it != views_.end() && it->second->snapshot == snapshot &&
                                    it->second->directory == directory && it->second->day == day) {
      return it->second;
    }
  }
  // Built with no lock held; two callers may both build it, and the later one's is kept.
  auto view = std::make_shared<View>();
  view->completeness = BuildCompleteness(*directory, code, whole_tree, period, *snapshot, now);
  view->completeness.clear_as_of();
  view->directory = std::move(directory);
  view->snapshot = std::move(snapshot);
  view->day = day;
  absl::MutexLock lock(&mu_);
  views_[key] = view;
  return view;
}

absl::StatusOr<std::vector<v1::Completeness>> CompletenessBoard::CompletenessByRecipient(
    int year, int period) {
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  ASSIGN_OR_RETURN(auto scope, OpenPeriod(plans_, year, period));
  ASSIGN_OR_RETURN(auto snapshot, ReadPeriodSnapshot(year, period));
  // Every organisation that reporting agencies report to: the supervisors, and the top of the
  // tree for the agencies that report to it directly.
  std::vector<v1::Completeness> all;
  for (const std::string& code : directory->codes()) {
    bool receives = false;
    for (const std::string& child : directory->tree().Children(code)) {
      receives = receives || directory->IsReportingAgency(child);
    }
    if (receives) {
      const absl::Time now = clock_.Now();
      v1::Completeness completeness =
          ReadView(directory, code, /*whole_tree=*/false, scope, snapshot, now)->completeness;
      *completeness.mutable_as_of() = ToTimestamp(now);
      all.push_back(std::move(completeness));
    }
  }
  return all;
}

absl::StatusOr<std::vector<int>> CompletenessBoard::ReportYears() {
  std::vector<int> years;
  if (auto s = store_.Read([&](ReportTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto found, tx.ReportYears());
        years = std::move(found);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return years;
}

absl::StatusOr<std::shared_ptr<const CompletenessBoard::PeriodSnapshot>>
CompletenessBoard::ReadPeriodSnapshot(int year, int period) {
  std::shared_ptr<const PeriodSnapshot> result;
  if (auto s = store_.Read([&](ReportTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(const int64_t last_event, tx.LastEventSequence());
        ASSIGN_OR_RETURN(const int64_t reports, tx.ReportsCreated());
        {
          absl::MutexLock lock(&mu_);
          auto it = kept_.find({year, period});
          if (it != kept_.end() && it->second.last_event == last_event &&
              it->second.reports == reports) {
            result = it->second.snapshot;
            return absl::OkStatus();
          }
        }
        auto snapshot = std::make_shared<PeriodSnapshot>();
        ASSIGN_OR_RETURN(auto firsts, tx.FirstRevisions(year, period));
        for (v1::ReportRevision& r : firsts) {
          auto name = ParseReportName("report", r.report());
          if (name.ok()) snapshot->first_by_org[name->organisation] = std::move(r);
        }
        ASSIGN_OR_RETURN(auto all, tx.ListReports(ReportQuery::AllOf(year, period)));
        for (const v1::ProgressReport& r : all) {
          snapshot->state_by_org[OrganisationCodeOf(r.organisation())] = r.state();
        }
        result = snapshot;
        absl::MutexLock lock(&mu_);
        kept_[{year, period}] = {last_event, reports, std::move(snapshot)};
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return result;
}

v1::Completeness CompletenessBoard::BuildCompleteness(const OrganisationDirectory& directory,
                                                      const std::string& code, bool whole_tree,
                                                      const PeriodScope& period,
                                                      const PeriodSnapshot& snapshot,
                                                      absl::Time now) const {
  // The agencies that owe this recipient a report: its reporting subordinates, or every
  // reporting agency of the tree.
  // Only those open on the period's last day owe it: a unit closed before then is never
  // counted, nor one opened after.
  std::vector<std::string> agencies;
  for (const std::string& c :
       whole_tree ? directory.tree().Descendants(code) : directory.tree().Children(code)) {
    if (directory.OwesReport(c, period.period)) agencies.push_back(c);
  }
  std::sort(agencies.begin(), agencies.end());  // lines ordered by organisation (code)
  v1::Completeness completeness;
  completeness.set_recipient(OrganisationName(code));
  completeness.set_year(period.plan->year());
  completeness.set_period(period.period.number());
  *completeness.mutable_as_of() = ToTimestamp(now);
  const bool recipient_is_top = directory.tree().IsRoot(code);
  *completeness.mutable_due_date() =
      DateToProto(DueDate(period.period, recipient_is_top && !whole_tree));
  for (const std::string& agency : agencies) {
    const bool direct = directory.tree().Parent(agency) == directory.root();
    const absl::CivilDay due = DueDate(period.period, direct);
    auto first = snapshot.first_by_org.find(agency);
    const std::optional<v1::ReportRevision> revision =
        first == snapshot.first_by_org.end() ? std::nullopt
                                             : std::optional<v1::ReportRevision>(first->second);
    v1::AgencyCompleteness& line = *completeness.add_agencies();
    line.set_organisation(OrganisationName(agency));
    *line.mutable_display_name() = directory.NameOn(agency, due);
    line.set_status(StatusOf(revision, due, now));
    auto state = snapshot.state_by_org.find(agency);
    if (state != snapshot.state_by_org.end()) line.set_report_state(state->second);
    if (revision.has_value()) {
      line.set_first_revision(revision->revision());
      *line.mutable_first_submit_time() = revision->submit_time();
      line.set_days_late(revision->days_late());
    }
    switch (line.status()) {
      case v1::COMPLETENESS_STATUS_ON_TIME:
        completeness.set_on_time(completeness.on_time() + 1);
        break;
      case v1::COMPLETENESS_STATUS_LATE:
        completeness.set_late(completeness.late() + 1);
        break;
      case v1::COMPLETENESS_STATUS_MISSING:
        completeness.set_missing(completeness.missing() + 1);
        break;
      case v1::COMPLETENESS_STATUS_PENDING:
        completeness.set_pending(completeness.pending() + 1);
        break;
      default:
        break;
    }
  }
  completeness.set_total(completeness.agencies_size());
  const int submitted = completeness.on_time() + completeness.late();
  completeness.set_submitted_percent(
      completeness.total() == 0 ? 0.0 : 100.0 * submitted / completeness.total());
  return completeness;
}

}  // namespace svcup::reports
