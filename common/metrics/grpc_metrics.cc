#include "common/metrics/grpc_metrics.h"

#include <grpcpp/create_channel.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/server/call_context.h"
#include "common/status/grpc_status.h"

#ifndef SVCUP_VERSION
#define SVCUP_VERSION "dev"
#endif
#ifndef SVCUP_GIT_COMMIT
#define SVCUP_GIT_COMMIT "unknown"
#endif

namespace svcup {
namespace {

using grpc::experimental::ClientRpcInfo;
using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

// The grpc_type label of a call, for ServerRpcInfo::Type and ClientRpcInfo::Type alike.
template <typename Type>
const char* TypeLabel(Type type) {
  if (type == Type::UNARY) return "unary";
  if (type == Type::CLIENT_STREAMING) return "client_stream";
  if (type == Type::SERVER_STREAMING) return "server_stream";
  if (type == Type::BIDI_STREAMING) return "bidi_stream";
  return "unknown";
}

// Records one call in `metrics`: started on creation, each message each way, handled with its
// code at the end (CANCELLED if the call ends without a status). The hook points that mark
// "received", "sent" and "finished" differ between the server and the client side.
class MetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  // Which hook points mean what on this side.
  struct Hooks {
    InterceptionHookPoints received;
    InterceptionHookPoints sent;
    InterceptionHookPoints finished;
  };

  MetricsInterceptor(absl::string_view method, const char* type, GrpcMetrics& metrics,
                     Hooks hooks, bool propagate_request_id)
      : metrics_(metrics), hooks_(hooks), propagate_request_id_(propagate_request_id),
        start_(absl::Now()) {
    // "/svcup.v1.PlanRegistry/GetOrganisation"
    std::vector<absl::string_view> parts = absl::StrSplit(method, '/', absl::SkipEmpty());
    labels_ = {{"grpc_service", parts.size() == 2 ? std::string(parts[0]) : "unknown"},
               {"grpc_method", parts.size() == 2 ? std::string(parts[1]) : std::string(method)},
               {"grpc_type", type}};
    metrics_.started.Add(labels_).Increment();
    if (propagate_request_id_) request_id_ = CurrentRequestId();
  }

  ~MetricsInterceptor() override {
    if (!finished_) Finish(grpc::StatusCode::CANCELLED);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(hooks_.received)) {
      metrics_.received.Add(labels_).Increment();
    }
    if (methods->QueryInterceptionHookPoint(hooks_.sent)) {
      metrics_.sent.Add(labels_).Increment();
    }
    if (propagate_request_id_ && !request_id_.empty() &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdMetadata, request_id_);
    }
    if (methods->QueryInterceptionHookPoint(hooks_.finished)) {
      Finish(hooks_.finished == InterceptionHookPoints::PRE_SEND_STATUS
                 ? methods->GetSendStatus().error_code()
                 : methods->GetRecvStatus()->error_code());
    }
    methods->Proceed();
  }

 private:
  void Finish(grpc::StatusCode code) {
    finished_ = true;
    auto with_code = labels_;
    with_code["grpc_code"] = GrpcCodeName(code);
    metrics_.handled.Add(with_code).Increment();
    metrics_.handling_seconds.Add(labels_, LatencyBuckets())
        .Observe(absl::ToDoubleSeconds(absl::Now() - start_));
  }

  GrpcMetrics& metrics_;
  const Hooks hooks_;
  const bool propagate_request_id_;
  const absl::Time start_;
  std::map<std::string, std::string> labels_;
  std::string request_id_;
  bool finished_ = false;
};

}  // namespace

GrpcMetrics::GrpcMetrics(prometheus::Registry& registry, absl::string_view side)
    : started(prometheus::BuildCounter()
                  .Name(absl::StrCat("grpc_", side, "_started_total"))
                  .Help(absl::StrCat("Total number of RPCs started on the ", side, "."))
                  .Register(registry)),
      handled(prometheus::BuildCounter()
                  .Name(absl::StrCat("grpc_", side, "_handled_total"))
                  .Help(absl::StrCat("Total number of RPCs completed on the ", side,
                                     ", regardless of success or failure."))
                  .Register(registry)),
      received(prometheus::BuildCounter()
                   .Name(absl::StrCat("grpc_", side, "_msg_received_total"))
                   .Help(absl::StrCat("Total number of RPC stream messages received on the ",
                                      side, "."))
                   .Register(registry)),
      sent(prometheus::BuildCounter()
               .Name(absl::StrCat("grpc_", side, "_msg_sent_total"))
               .Help(absl::StrCat("Total number of gRPC stream messages sent by the ", side, "."))
               .Register(registry)),
      handling_seconds(prometheus::BuildHistogram()
                           .Name(absl::StrCat("grpc_", side, "_handling_seconds"))
                           .Help(absl::StrCat("Histogram of response latency (seconds) of gRPC "
                                              "calls completed by the ", side, "."))
                           .Register(registry)) {}

grpc::experimental::Interceptor* GrpcMetricsInterceptorFactory::CreateServerInterceptor(
    ServerRpcInfo* info) {
  return new MetricsInterceptor(info->method(), TypeLabel(info->type()), metrics_,
                                {InterceptionHookPoints::POST_RECV_MESSAGE,
                                 InterceptionHookPoints::PRE_SEND_MESSAGE,
                                 InterceptionHookPoints::PRE_SEND_STATUS},
                                /*propagate_request_id=*/false);
}

grpc::experimental::Interceptor* GrpcClientInterceptorFactory::CreateClientInterceptor(
    ClientRpcInfo* info) {
  return new MetricsInterceptor(info->method(), TypeLabel(info->type()), metrics_,
                                {InterceptionHookPoints::POST_RECV_MESSAGE,
                                 InterceptionHookPoints::PRE_SEND_MESSAGE,
                                 InterceptionHookPoints::POST_RECV_STATUS},
                                /*propagate_request_id=*/true);
}

std::shared_ptr<grpc::Channel> CreateObservedChannel(
    const std::string& target, std::shared_ptr<grpc::ChannelCredentials> credentials,
    GrpcMetrics& metrics) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<GrpcClientInterceptorFactory>(metrics));
  // Answers up to the suite's 8 MiB message limit (gRPC's client default is 4 MiB).
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(8 << 20);
  return grpc::experimental::CreateCustomChannelWithInterceptors(target, std::move(credentials),
                                                                 args, std::move(factories));
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
