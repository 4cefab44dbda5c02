// Indicator analytics across the hierarchy (GetIndicatorAnalytics): reads the figures of the
// latest revisions of a scope's agencies over a range of years and hands them to
// AnalyseIndicators (indicator_statistics.h).
#ifndef SVCUP_SERVICES_REPORTS_INDICATOR_ANALYST_H_
#define SVCUP_SERVICES_REPORTS_INDICATOR_ANALYST_H_

#include "absl/status/statusor.h"
#include "services/reports/report_aggregate.h"
#include "svcup/v1/reports.pb.h"

namespace svcup::reports {

// The most years one analytics call covers.
inline constexpr int kMaxAnalyticsYears = 10;

// Indicator analytics (see reports.proto).
class IndicatorAnalyst final : public ReportAggregate {
 public:
  using ReportAggregate::ReportAggregate;

  absl::StatusOr<v1::IndicatorAnalytics> GetIndicatorAnalytics(
      const v1::Principal& caller, const v1::GetIndicatorAnalyticsRequest& request);
};

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_INDICATOR_ANALYST_H_
