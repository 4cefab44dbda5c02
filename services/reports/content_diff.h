// What changed between two revisions of a report, measure by measure, so that a reviewer reads
// only what changed. A pure function: no gRPC, no SQL.
#ifndef SVCUP_SERVICES_REPORTS_CONTENT_DIFF_H_
#define SVCUP_SERVICES_REPORTS_CONTENT_DIFF_H_

#include "svcup/v1/reports.pb.h"

namespace svcup::reports {

// The difference from `base` (an older revision) to `newer` content: measures added, removed
// or changed (actions, results, indicators by name, evidence links), meetings added and
// removed, and whether the as-of date, priorities or summary moved. Measures are listed by
// code, indicators by name, in the order they appear in the newer content (removed ones after).
v1::ContentDiff DiffContent(const v1::ReportRevision& base, const v1::ReportContent& newer);

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_CONTENT_DIFF_H_
