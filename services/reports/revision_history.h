// What a report's earlier revisions and periods give a new revision: the period before's
// latest revision, the content a later period starts from, and what changed. Transaction-
// level helpers of the reports aggregate; the rules themselves are in report_rules and
// content_diff.
#ifndef SVCUP_SERVICES_REPORTS_REVISION_HISTORY_H_
#define SVCUP_SERVICES_REPORTS_REVISION_HISTORY_H_

#include <optional>

#include "absl/status/statusor.h"
#include "common/api/names.h"
#include "services/reports/report_store.h"
#include "svcup/v1/reports.pb.h"

namespace svcup::reports {

// The period before a report's (none for period 1): its latest submitted revision, if any,
// and whether that revision was accepted.
struct PeriodBefore {
  std::optional<v1::ReportRevision> latest;
  bool accepted = false;
};
absl::StatusOr<PeriodBefore> ReadPeriodBefore(ReportTransaction& tx, const ReportName& name);

// The content a new report of `name`'s period starts from when created empty: the accepted
// content of the period before (periods are cumulative), without the answers to its old
// reasons; empty for period 1 or when the period before is not accepted.
absl::StatusOr<v1::ReportContent> CarriedForward(ReportTransaction& tx, const ReportName& name);

// Sets what changed in `revision` since the previous revision of its report (`changes`), and
// since the last revision of the agency a reviewer decided (`changes_since_decision`): the
// returned revision it answers, or for a first revision of a later period (cumulative), the
// accepted revision of `period_before`.
absl::Status AttachChanges(ReportTransaction& tx, const ReportName& name,
                           v1::ReportState state_before, const PeriodBefore& period_before,
                           v1::ReportRevision& revision);

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_REVISION_HISTORY_H_
