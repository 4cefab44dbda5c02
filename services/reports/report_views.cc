// ReportRegistry: indicator readings, completeness views, the event log behind the watch
// stream, and the audit trail.
#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/names.h"
#include "common/api/paging.h"
#include "common/api/validation.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "common/storage/audit_listing.h"
#include "services/reports/report_registry.h"
#include "services/reports/report_registry_internal.h"
#include "services/reports/report_rules.h"

namespace svcup::reports {

absl::StatusOr<bool> ReportRegistry::RecordReadingBatch(const v1::Principal& caller,
                                                        const v1::RecordReadingsRequest& batch) {
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("organisation", batch.organisation()));
  const Action action =
      caller.role() == v1::ROLE_SERVICE ? Action::kServiceOnly : Action::kEditOwn;
  ASSIGN_OR_RETURN(auto scope,
                   OpenScope(plans_, "organisation", code, caller, action,
                             absl::StrCat("record readings of ", batch.organisation())));
  if (batch.batch_id().empty()) {
    return absl::InvalidArgumentError(
        "batch_id: is required (1..64 of [A-Za-z0-9._:-]); a batch resent after a broken "
        "stream is recognised by it");
  }
  RETURN_IF_ERROR(CheckClientKey("batch_id", batch.batch_id()));
  RETURN_IF_ERROR(ValidateReadingBatch(batch, clock_.Now()));
  bool stored = false;
  if (auto s = store_.Write([&](ReportTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto inserted, tx.InsertReadingBatch(batch, code));
        stored = inserted;
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return stored;
}

absl::StatusOr<v1::IndicatorSummary> ReportRegistry::GetIndicatorSummary(
    const v1::Principal& caller, const v1::GetIndicatorSummaryRequest& request) {
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("organisation", request.organisation()));
  ASSIGN_OR_RETURN(auto scope,
                   OpenScope(plans_, "organisation", code, caller, Action::kReadRestricted,
                             absl::StrCat("read the readings of ", request.organisation())));
  ASSIGN_OR_RETURN(auto period, OpenPeriod(plans_, request.year(), request.period()));
  const v1::Date& start = period.period.start_date();
  const v1::Date& end = period.period.end_date();
  const absl::Time from = StartOfTaipeiDay(absl::CivilDay(start.year(), start.month(), start.day()));
  const absl::Time to =
      StartOfTaipeiDay(absl::CivilDay(end.year(), end.month(), end.day()) + 1) -
      absl::Microseconds(1);
  v1::IndicatorSummary summary;
  summary.set_organisation(request.organisation());
  summary.set_year(request.year());
  summary.set_period(request.period());
  if (auto s = store_.Read([&](ReportTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto aggregates, tx.SummariseReadings(code, from, to));
        for (auto& a : aggregates) *summary.add_aggregates() = std::move(a);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return summary;
}

absl::StatusOr<v1::Completeness> ReportRegistry::GetCompleteness(
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
  ASSIGN_OR_RETURN(auto period, OpenPeriod(plans_, request.year(), request.period()));
  ASSIGN_OR_RETURN(auto snapshot, ReadPeriodSnapshot(request.year(), request.period()));
  return BuildCompleteness(*scope.directory, code, request.whole_tree(), period, snapshot);
}

absl::StatusOr<std::vector<v1::Completeness>> ReportRegistry::CompletenessByRecipient(int year,
                                                                                       int period) {
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
      all.push_back(BuildCompleteness(*directory, code, /*whole_tree=*/false, scope, snapshot));
    }
  }
  return all;
}

absl::StatusOr<std::vector<int>> ReportRegistry::ReportYears() {
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

absl::StatusOr<ReportRegistry::PeriodSnapshot> ReportRegistry::ReadPeriodSnapshot(int year,
                                                                                   int period) {
  PeriodSnapshot snapshot;
  if (auto s = store_.Read([&](ReportTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto firsts, tx.FirstRevisions(year, period));
        for (v1::ReportRevision& r : firsts) {
          auto name = ParseReportName("report", r.report());
          if (name.ok()) snapshot.first_by_org[name->organisation] = std::move(r);
        }
        ReportQuery query;
        query.year = year;
        query.period = period;
        query.see_all = true;
        query.limit = 1 << 20;
        ASSIGN_OR_RETURN(auto reports, tx.ListReports(query));
        for (const v1::ProgressReport& r : reports) {
          snapshot.state_by_org[OrganisationCodeOf(r.organisation())] = r.state();
        }
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return snapshot;
}

v1::Completeness ReportRegistry::BuildCompleteness(const OrganisationDirectory& directory,
                                                   const std::string& code, bool whole_tree,
                                                   const PeriodScope& period,
                                                   const PeriodSnapshot& snapshot) const {
  // The agencies that owe this recipient a report: its reporting subordinates, or every
  // reporting agency of the tree.
  std::vector<std::string> agencies;
  for (const std::string& c :
       whole_tree ? directory.tree().Descendants(code) : directory.tree().Children(code)) {
    if (directory.IsReportingAgency(c)) agencies.push_back(c);
  }
  const absl::Time now = clock_.Now();
  v1::Completeness completeness;
  completeness.set_recipient(OrganisationName(code));
  completeness.set_year(period.plan.year());
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
        first == snapshot.first_by_org.end()
            ? std::nullopt
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
      case v1::COMPLETENESS_STATUS_ON_TIME: completeness.set_on_time(completeness.on_time() + 1); break;
      case v1::COMPLETENESS_STATUS_LATE: completeness.set_late(completeness.late() + 1); break;
      case v1::COMPLETENESS_STATUS_MISSING: completeness.set_missing(completeness.missing() + 1); break;
      case v1::COMPLETENESS_STATUS_PENDING: completeness.set_pending(completeness.pending() + 1); break;
      default: break;
    }
  }
  completeness.set_total(completeness.agencies_size());
  return completeness;
}

absl::StatusOr<std::string> ReportRegistry::OpenWatch(
    const v1::Principal& caller, const v1::WatchReportEventsRequest& request) {
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("recipient", request.recipient()));
  ASSIGN_OR_RETURN(auto scope,
                   OpenScope(plans_, "recipient", code, caller, Action::kReadRestricted,
                             absl::StrCat("watch the reports addressed to ", request.recipient())));
  RETURN_IF_ERROR(
      CheckRecipient(caller, *scope.directory, code,
                     absl::StrCat("watch the reports addressed to ", request.recipient())));
  if (request.whole_tree() && !scope.directory->tree().IsRoot(code)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "whole_tree: applies to the top of the tree (orgs/", scope.directory->root(), ") only"));
  }
  if (request.after_sequence() < 0) {
    return absl::InvalidArgumentError("after_sequence: must be 0 or a sequence seen before");
  }
  int64_t last = 0;
  if (auto s = store_.Read([&](ReportTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto found, tx.LastEventSequence());
        last = found;
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  if (request.after_sequence() > last) {
    return absl::OutOfRangeError(absl::StrCat(
        "after_sequence: ", request.after_sequence(), " is beyond the end of the log (", last,
        "); was this service's database replaced? Resume from 0"));
  }
  return request.whole_tree() ? std::string() : code;
}

absl::StatusOr<std::vector<v1::ReportEvent>> ReportRegistry::EventsAfter(
    absl::string_view recipient_filter, int64_t after_sequence, int limit) {
  std::vector<v1::ReportEvent> events;
  if (auto s = store_.Read([&](ReportTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto found, tx.ListEvents(recipient_filter, after_sequence, limit));
        events = std::move(found);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return events;
}

absl::StatusOr<v1::ListAuditRecordsResponse> ReportRegistry::ListAuditRecords(
    const v1::Principal& caller, const v1::ListAuditRecordsRequest& request) {
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  RETURN_IF_ERROR(Authorize(caller, Action::kReadAudit, directory->root(), directory->tree(),
                            "read the audit trail"));
  return storage::ListAuditPage(store_, request);
}

}  // namespace svcup::reports
