#include "services/reports/revision_history.h"

#include "absl/strings/str_cat.h"
#include "common/status/macros.h"
#include "services/reports/content_diff.h"

namespace svcup::reports {

absl::StatusOr<PeriodBefore> ReadPeriodBefore(ReportTransaction& tx, const ReportName& name) {
  PeriodBefore before;
  if (name.period <= 1) return before;
  ASSIGN_OR_RETURN(auto report, tx.GetReport(name.organisation, name.year, name.period - 1));
  if (!report.has_value() || report->latest_revision() == 0) return before;
  before.accepted = report->state() == v1::REPORT_STATE_ACCEPTED;
  ASSIGN_OR_RETURN(before.latest, tx.GetRevision(name.organisation, name.year, name.period - 1,
                                                 report->latest_revision()));
  return before;
}

absl::StatusOr<v1::ReportContent> CarriedForward(ReportTransaction& tx, const ReportName& name) {
  ASSIGN_OR_RETURN(PeriodBefore before, ReadPeriodBefore(tx, name));
  if (!before.accepted || !before.latest.has_value()) return v1::ReportContent();
  v1::ReportContent content = std::move(*before.latest->mutable_content());
  content.clear_reason_answers();
  return content;
}

absl::Status AttachChanges(ReportTransaction& tx, const ReportName& name,
                           v1::ReportState state_before, const PeriodBefore& period_before,
                           v1::ReportRevision& revision) {
  const int previous = revision.revision() - 1;
  if (previous > 0) {
    ASSIGN_OR_RETURN(auto base,
                     tx.GetRevision(name.organisation, name.year, name.period, previous));
    if (!base.has_value()) {
      return absl::DataLossError(
          absl::StrCat(name.ToString(), " revision ", previous, " is missing"));
    }
    *revision.mutable_changes() = DiffContent(*base, revision.content());
    if (state_before == v1::REPORT_STATE_RETURNED) {
      *revision.mutable_changes_since_decision() = revision.changes();
    }
    return absl::OkStatus();
  }
  if (period_before.accepted && period_before.latest.has_value()) {
    *revision.mutable_changes_since_decision() =
        DiffContent(*period_before.latest, revision.content());
  }
  return absl::OkStatus();
}

}  // namespace svcup::reports
