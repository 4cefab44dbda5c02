// gRPC metrics recorded by interceptors, so no handler or client carries metrics code, named and
// labelled (grpc_service, grpc_method, grpc_type, grpc_code) as in go-grpc-prometheus:
//   server: grpc_server_started_total, grpc_server_handled_total, grpc_server_msg_received_total,
//           grpc_server_msg_sent_total, grpc_server_handling_seconds (histogram);
//   client (calls between services): grpc_client_started_total, grpc_client_handled_total,
//           grpc_client_msg_received_total, grpc_client_msg_sent_total,
//           grpc_client_handling_seconds (histogram).
// The client interceptor also passes the request id of the call being served on to the callee.
#ifndef SVCUP_COMMON_METRICS_GRPC_METRICS_H_
#define SVCUP_COMMON_METRICS_GRPC_METRICS_H_

#include <grpcpp/channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/client_interceptor.h>
#include <grpcpp/support/server_interceptor.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <string>

#include "absl/strings/string_view.h"

namespace svcup {

// The metric families of one side ("server" or "client"), registered in one registry.
class GrpcMetrics {
 public:
  GrpcMetrics(prometheus::Registry& registry, absl::string_view side);

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
  explicit GrpcMetricsInterceptorFactory(GrpcMetrics& metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  GrpcMetrics& metrics_;
};

// Creates one client interceptor per outgoing call: grpc_client_* metrics, and the current
// request id (call_context.h) as `x-request-id` metadata. `metrics` must outlive the channel.
class GrpcClientInterceptorFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit GrpcClientInterceptorFactory(GrpcMetrics& metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override;

 private:
  GrpcMetrics& metrics_;
};

// A channel to another service of the suite whose calls are counted in `metrics` (client side)
// and carry the current request id.
std::shared_ptr<grpc::Channel> CreateObservedChannel(
    const std::string& target, std::shared_ptr<grpc::ChannelCredentials> credentials,
    GrpcMetrics& metrics);

// Registers svcup_build_info{service,version,commit} = 1.
void RegisterBuildInfo(prometheus::Registry& registry, absl::string_view service);

// The latency buckets of every duration histogram of the suite, in seconds.
const prometheus::Histogram::BucketBoundaries& LatencyBuckets();

}  // namespace svcup

#endif  // SVCUP_COMMON_METRICS_GRPC_METRICS_H_
