// What the gateway tells Prometheus: requests by route (the RPC's path, "portal" for the pages,
// "unknown" for anything else) and HTTP status, their latency until the answer's head is ready,
// and the event streams open. The calls it makes to the services are counted by the shared
// grpc_client_* families (common/metrics/grpc_metrics.h).
#ifndef SVCUP_SERVICES_GATEWAY_GATEWAY_METRICS_H_
#define SVCUP_SERVICES_GATEWAY_GATEWAY_METRICS_H_

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "absl/strings/string_view.h"

namespace svcup::gateway {

// The gateway's metric families, registered in one registry. Thread-safe.
class GatewayMetrics {
 public:
  explicit GatewayMetrics(prometheus::Registry& registry);

  // Counts one answered request of `route` with HTTP `status`, `seconds` after it arrived.
  void Observe(absl::string_view route, int status, double seconds);

  // Event streams open now.
  prometheus::Gauge& open_streams() { return open_streams_; }

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& seconds_;
  prometheus::Gauge& open_streams_;
};

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_GATEWAY_METRICS_H_
