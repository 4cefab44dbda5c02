#include "services/reports/indicator_statistics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "absl/strings/str_format.h"

namespace svcup::reports {
namespace {

// Running figures of a set of values.
struct Figures {
  int count = 0;
  double sum = 0;
  double sum_of_squares = 0;
  double min = 0;
  double max = 0;

  void Add(double v) {
    min = count == 0 ? v : std::min(min, v);
    max = count == 0 ? v : std::max(max, v);
    ++count;
    sum += v;
    sum_of_squares += v * v;
  }
  double Mean() const { return count == 0 ? 0 : sum / count; }
  // The population standard deviation.
  double Deviation() const {
    if (count == 0) return 0;
    const double mean = Mean();
    return std::sqrt(std::max(0.0, sum_of_squares / count - mean * mean));
  }
};

// Why `value` is an outlier, or "" when it is not.
std::string OutlierReason(double value, double z, const OutlierRule& rule) {
  if (std::abs(z) > rule.z_threshold) {
    return absl::StrFormat("|z| %.2f > %g", std::abs(z), rule.z_threshold);
  }
  if (rule.has_bounds && value < rule.min_value)
    return absl::StrFormat("below min %g", rule.min_value);
  if (rule.has_bounds && value > rule.max_value)
    return absl::StrFormat("above max %g", rule.max_value);
  return "";
}

}  // namespace

v1::IndicatorAnalytics AnalyseIndicators(const std::vector<IndicatorObservation>& observations,
                                         int from_year, int to_year, const std::string& scope,
                                         const OutlierRule& rule) {
  // (indicator, year, organisation) -> observation; (indicator, year, group) -> figures.
  std::map<std::tuple<std::string, int, std::string>, const IndicatorObservation*> by_key;
  std::map<std::tuple<std::string, int, std::string>, Figures> groups;
  std::map<std::pair<std::string, int>, Figures> years;  // (indicator, year) in the scope
  for (const IndicatorObservation& o : observations) {
    by_key[{o.indicator, o.year, o.organisation}] = &o;
    groups[{o.indicator, o.year, o.reports_to}].Add(o.value);
    if (o.reports_to != scope) groups[{o.indicator, o.year, scope}].Add(o.value);
    years[{o.indicator, o.year}].Add(o.value);
  }
  v1::IndicatorAnalytics analytics;
  for (const auto& [key, o] : by_key) {
    const auto& [indicator, year, organisation] = key;
    if (year < from_year || year > to_year) continue;
    const Figures& all = years[{indicator, year}];
    const double deviation = all.Deviation();
    const double z = deviation > 0 ? (o->value - all.Mean()) / deviation : 0;
    v1::IndicatorValue& value = *analytics.add_values();
    value.set_organisation(organisation);
    value.set_reports_to(o->reports_to);
    value.set_indicator(indicator);
    value.set_measure_code(o->measure_code);
    value.set_year(year);
    value.set_value(o->value);
    value.set_unit(o->unit);
    value.set_revision(o->revision);
    auto previous = by_key.find({indicator, year - 1, organisation});
    if (previous != by_key.end()) {
      value.set_has_previous(true);
      value.set_previous_value(previous->second->value);
    }
    value.set_z_score(z);
    const std::string reason = OutlierReason(o->value, z, rule);
    value.set_outlier(!reason.empty());
    value.set_outlier_reason(reason);
  }
  for (const auto& [key, figures] : groups) {
    const auto& [indicator, year, organisation] = key;
    if (year < from_year || year > to_year) continue;
    v1::IndicatorGroup& group = *analytics.add_groups();
    group.set_organisation(organisation);
    group.set_indicator(indicator);
    group.set_year(year);
    group.set_count(figures.count);
    group.set_mean(figures.Mean());
    group.set_min(figures.min);
    group.set_max(figures.max);
    group.set_sum(figures.sum);
    auto previous = groups.find({indicator, year - 1, organisation});
    if (previous != groups.end()) {
      group.set_has_previous(true);
      group.set_previous_mean(previous->second.Mean());
    }
  }
  return analytics;
}

}  // namespace svcup::reports
