// Metrics of stored state, computed when Prometheus scrapes rather than counted in memory, so
// they are right from the first scrape after a restart. A service builds its families with
// GaugeFamily()/AddSample() inside a StateMetrics callback.
#ifndef SVCUP_COMMON_METRICS_STATE_METRICS_H_
#define SVCUP_COMMON_METRICS_STATE_METRICS_H_

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace svcup {

// A collectable whose families come from a callback run at every scrape.
class StateMetrics final : public prometheus::Collectable {
 public:
  using Collector = std::function<std::vector<prometheus::MetricFamily>()>;
  explicit StateMetrics(Collector collect) : collect_(std::move(collect)) {}
  std::vector<prometheus::MetricFamily> Collect() const override { return collect_(); }

 private:
  Collector collect_;
};

// An empty family of gauges.
inline prometheus::MetricFamily GaugeFamily(std::string name, std::string help) {
  prometheus::MetricFamily family;
  family.name = std::move(name);
  family.help = std::move(help);
  family.type = prometheus::MetricType::Gauge;
  return family;
}

// Adds one gauge sample with `labels` to `family`.
inline void AddSample(prometheus::MetricFamily& family,
                      const std::map<std::string, std::string>& labels, double value) {
  prometheus::ClientMetric metric;
  for (const auto& [name, label_value] : labels) metric.label.push_back({name, label_value});
  metric.gauge.value = value;
  family.metric.push_back(std::move(metric));
}

}  // namespace svcup

#endif  // SVCUP_COMMON_METRICS_STATE_METRICS_H_
