// Indicator analytics as a pure function: values per agency with the previous year beside
// them, z-scores and outlier flags, and aggregates per supervisor and for the whole scope.
// No gRPC, no SQL.
#ifndef SVCUP_SERVICES_REPORTS_INDICATOR_STATISTICS_H_
#define SVCUP_SERVICES_REPORTS_INDICATOR_STATISTICS_H_

#include <string>
#include <vector>

#include "svcup/v1/reports.pb.h"

namespace svcup::reports {

// One figure as reported: an agency's indicator in a year.
struct IndicatorObservation {
  std::string organisation;  // "orgs/{code}"
  std::string reports_to;    // "orgs/{code}" of its supervisor
  std::string indicator;
  std::string measure_code;
  int year = 0;
  double value = 0;
  std::string unit;
  std::string revision;  // the revision it comes from
};

// When a value is flagged.
struct OutlierRule {
  // |z| above this.
  double z_threshold = 3;
  // Outside [min_value, max_value], when has_bounds.
  bool has_bounds = false;
  double min_value = 0;
  double max_value = 0;
};

// The analytics of `observations` for the years from_year..to_year (observations of
// from_year - 1 serve as the previous year only), with `scope` (its resource name) as the
// group of everything. Fills values and groups of the result; the caller fills the rest.
v1::IndicatorAnalytics AnalyseIndicators(const std::vector<IndicatorObservation>& observations,
                                         int from_year, int to_year, const std::string& scope,
                                         const OutlierRule& rule);

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_INDICATOR_STATISTICS_H_
