// gRPC server metrics recorded by an interceptor, so no handler carries metrics code:
//   grpc_server_started_total, grpc_server_handled_total (with grpc_code),
//   grpc_server_msg_received_total, grpc_server_msg_sent_total,
//   grpc_server_handling_seconds (histogram),
// labelled grpc_service, grpc_method, grpc_type as in go-grpc-prometheus.
#ifndef SVCUP_COMMON_METRICS_GRPC_METRICS_H_
#define SVCUP_COMMON_METRICS_GRPC_METRICS_H_

#include <grpcpp/support/server_interceptor.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <string>

#include "absl/strings/string_view.h"

namespace svcup {

// The metric families of the server side, registered in one registry.
class GrpcServerMetrics {
 public:
  explicit GrpcServerMetrics(prometheus::Registry& registry);

  prometheus::Family<prometheus::Counter>& started;
  prometheus::Family<prometheus::Counter>& handled;
  prometheus::Family<prometheus::Counter>& received;
  prometheus::Family<prometheus::Counter>& sent;
  prometheus::Family<prometheus::Histogram>& handling_seconds;
};

// Creates one metrics interceptor per call. The metrics object must outlive the server.
class GrpcMetricsInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit GrpcMetricsInterceptorFactory(GrpcServerMetrics& metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  GrpcServerMetrics& metrics_;
};

// Registers svcup_build_info{service,version,commit} = 1.
void RegisterBuildInfo(prometheus::Registry& registry, absl::string_view service);

// The latency buckets of every duration histogram of the suite, in seconds.
const prometheus::Histogram::BucketBoundaries& LatencyBuckets();

}  // namespace svcup

#endif  // SVCUP_COMMON_METRICS_GRPC_METRICS_H_
