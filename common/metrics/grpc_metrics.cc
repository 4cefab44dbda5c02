#include "common/metrics/grpc_metrics.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

#ifndef SVCUP_VERSION
#define SVCUP_VERSION "dev"
#endif
#ifndef SVCUP_GIT_COMMIT
#define SVCUP_GIT_COMMIT "unknown"
#endif

namespace svcup {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

const char* TypeLabel(ServerRpcInfo::Type type) {
  switch (type) {
    case ServerRpcInfo::Type::UNARY:
      return "unary";
    case ServerRpcInfo::Type::CLIENT_STREAMING:
      return "client_stream";
    case ServerRpcInfo::Type::SERVER_STREAMING:
      return "server_stream";
    case ServerRpcInfo::Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return "unknown";
}

// "OK", "INVALID_ARGUMENT" ... as the grpc_code label.
std::string CodeLabel(grpc::StatusCode code) {
  static const char* const kNames[] = {
      "OK",          "CANCELLED",         "UNKNOWN",        "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND",   "ALREADY_EXISTS", "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL",        "UNAVAILABLE",    "DATA_LOSS",
      "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return index >= 0 && index <= 16 ? kNames[index] : "UNKNOWN";
}

// Records one call: started on creation, handled with its code when the status is sent (or
// CANCELLED if the call ends without one).
class MetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  MetricsInterceptor(ServerRpcInfo* info, GrpcServerMetrics& metrics)
      : metrics_(metrics), start_(absl::Now()) {
    const absl::string_view full = info->method();  // "/svcup.v1.PlanRegistry/GetOrganisation"
    std::vector<absl::string_view> parts = absl::StrSplit(full, '/', absl::SkipEmpty());
    labels_ = {{"grpc_service", parts.size() == 2 ? std::string(parts[0]) : "unknown"},
               {"grpc_method", parts.size() == 2 ? std::string(parts[1]) : std::string(full)},
               {"grpc_type", TypeLabel(info->type())}};
    metrics_.started.Add(labels_).Increment();
  }

  ~MetricsInterceptor() override {
    if (!finished_) Finish(grpc::StatusCode::CANCELLED);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      metrics_.received.Add(labels_).Increment();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      metrics_.sent.Add(labels_).Increment();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Finish(grpc::StatusCode code) {
    finished_ = true;
    auto with_code = labels_;
    with_code["grpc_code"] = CodeLabel(code);
    metrics_.handled.Add(with_code).Increment();
    metrics_.handling_seconds.Add(labels_, LatencyBuckets())
        .Observe(absl::ToDoubleSeconds(absl::Now() - start_));
  }

  GrpcServerMetrics& metrics_;
  const absl::Time start_;
  std::map<std::string, std::string> labels_;
  bool finished_ = false;
};

}  // namespace

GrpcServerMetrics::GrpcServerMetrics(prometheus::Registry& registry)
    : started(prometheus::BuildCounter()
                  .Name("grpc_server_started_total")
                  .Help("Total number of RPCs started on the server.")
                  .Register(registry)),
      handled(prometheus::BuildCounter()
                  .Name("grpc_server_handled_total")
                  .Help("Total number of RPCs completed on the server, regardless of success "
                        "or failure.")
                  .Register(registry)),
      received(prometheus::BuildCounter()
                   .Name("grpc_server_msg_received_total")
                   .Help("Total number of RPC stream messages received on the server.")
                   .Register(registry)),
      sent(prometheus::BuildCounter()
               .Name("grpc_server_msg_sent_total")
               .Help("Total number of gRPC stream messages sent by the server.")
               .Register(registry)),
      handling_seconds(prometheus::BuildHistogram()
                           .Name("grpc_server_handling_seconds")
                           .Help("Histogram of response latency (seconds) of gRPC that had "
                                 "been application-level handled by the server.")
                           .Register(registry)) {}

grpc::experimental::Interceptor* GrpcMetricsInterceptorFactory::CreateServerInterceptor(
    ServerRpcInfo* info) {
  return new MetricsInterceptor(info, metrics_);
}

void RegisterBuildInfo(prometheus::Registry& registry, absl::string_view service) {
  prometheus::BuildGauge()
      .Name("svcup_build_info")
      .Help("Build of the running binary; the value is always 1.")
      .Register(registry)
      .Add({{"service", std::string(service)},
            {"version", SVCUP_VERSION},
            {"commit", SVCUP_GIT_COMMIT}})
      .Set(1);
}

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const auto* const kBuckets = new prometheus::Histogram::BucketBoundaries{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return *kBuckets;
}

}  // namespace svcup
