#include "services/gateway/gateway_metrics.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/metrics/grpc_metrics.h"

namespace svcup::gateway {

GatewayMetrics::GatewayMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("svcup_http_requests_total")
                    .Help("HTTP requests answered by the gateway, by route and status.")
                    .Register(registry)),
      seconds_(prometheus::BuildHistogram()
                   .Name("svcup_http_request_duration_seconds")
                   .Help("Time from a request's arrival until its answer's head was ready.")
                   .Register(registry)),
      open_streams_(prometheus::BuildGauge()
                        .Name("svcup_http_event_streams")
                        .Help("Server-Sent Events streams open.")
                        .Register(registry)
                        .Add({})) {}

void GatewayMetrics::Observe(absl::string_view route, int status, double seconds) {
  requests_.Add({{"route", std::string(route)}, {"status", absl::StrCat(status)}}).Increment();
  seconds_.Add({{"route", std::string(route)}}, LatencyBuckets()).Observe(seconds);
}

}  // namespace svcup::gateway
