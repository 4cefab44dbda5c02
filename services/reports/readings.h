// Indicator readings streamed by agency systems, stored once per batch, and their summary over
// a reporting period.
#ifndef SVCUP_SERVICES_REPORTS_READINGS_H_
#define SVCUP_SERVICES_REPORTS_READINGS_H_

#include "absl/status/statusor.h"
#include "services/reports/report_aggregate.h"
#include "svcup/v1/reports.pb.h"

namespace svcup::reports {

// The readings aggregate (see reports.proto).
class Readings final : public ReportAggregate {
 public:
  using ReportAggregate::ReportAggregate;

  // Stores one batch of a RecordReadings stream; returns whether it was new (false: its
  // batch_id was stored before, so it was skipped).
  absl::StatusOr<bool> RecordReadingBatch(const v1::Principal& caller,
                                          const v1::RecordReadingsRequest& batch);
  absl::StatusOr<v1::IndicatorSummary> GetIndicatorSummary(
      const v1::Principal& caller, const v1::GetIndicatorSummaryRequest& request);
};

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_READINGS_H_
