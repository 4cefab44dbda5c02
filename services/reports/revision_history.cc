#include "services/reports/revision_history.h"

#include "absl/strings/str_cat.h"
#include "common/status/macros.h"
#include "services/reports/content_diff.h"

namespace svcup::reports {

absl::StatusOr<std::optional<v1::ReportRevision>> LatestRevision(ReportTransaction& tx,
                                                                 absl::string_view organisation,
                                                                 int year, int period,
                                                                 bool accepted_only) {
  ASSIGN_OR_RETURN(auto report, tx.GetReport(organisation, year, period));
  if (!report.has_value() || report->latest_revision() == 0) return std::nullopt;
  if (accepted_only && report->state() != v1::REPORT_STATE_ACCEPTED) return std::nullopt;
  return tx.GetRevision(organisation, year, period, report->latest_revision());
}

absl::StatusOr<std::optional<v1::ReportRevision>> AcceptedRevision(ReportTransaction& tx,
                                                                   absl::string_view organisation,
                                                                   int year, int period) {
  return LatestRevision(tx, organisation, year, period, /*accepted_only=*/true);
}

absl::StatusOr<v1::ReportContent> CarriedForward(ReportTransaction& tx, const ReportName& name) {
  if (name.period <= 1) return v1::ReportContent();
  ASSIGN_OR_RETURN(auto accepted,
                   AcceptedRevision(tx, name.organisation, name.year, name.period - 1));
  if (!accepted.has_value()) return v1::ReportContent();
  v1::ReportContent content = std::move(*accepted->mutable_content());
  content.clear_reason_answers();
  return content;
}

absl::Status AttachChanges(ReportTransaction& tx, const ReportName& name,
                           v1::ReportState state_before, v1::ReportRevision& revision) {
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
  if (name.period <= 1) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto accepted,
                   AcceptedRevision(tx, name.organisation, name.year, name.period - 1));
  if (accepted.has_value()) {
    *revision.mutable_changes_since_decision() = DiffContent(*accepted, revision.content());
  }
  return absl::OkStatus();
}

}  // namespace svcup::reports
