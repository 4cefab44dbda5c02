#include "common/server/access_log.h"

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/server/call_context.h"
#include "common/server/log.h"
#include "common/status/grpc_status.h"

namespace svcup {
namespace {

using grpc::experimental::InterceptionHookPoints;

class AccessLogInterceptor final : public grpc::experimental::Interceptor {
 public:
  AccessLogInterceptor(grpc::experimental::ServerRpcInfo* info, DrainGate& gate,
                       RateLimiter* limiter)
      : context_(info->server_context()), method_(info->method()), start_(absl::Now()) {
    if (!IsInfrastructure(method_)) record_.turned_away = gate.Arrive();
    record_.limiter = limiter;
    CallRecords::Add(context_, &record_);
  }
  ~AccessLogInterceptor() override { CallRecords::Remove(context_); }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      const auto* metadata = methods->GetRecvInitialMetadata();
      auto it = metadata->find(kRequestIdMetadata);
      // An id a caller sends is kept if it is short and printable; otherwise a fresh one.
      if (it != metadata->end() &&
          IsAcceptableRequestId(absl::string_view(it->second.data(), it->second.size()))) {
        record_.request_id.assign(it->second.data(), it->second.size());
      } else {
        record_.request_id = NewRequestId();
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      if (record_.request_id.empty()) record_.request_id = NewRequestId();
      methods->GetSendInitialMetadata()->emplace(kRequestIdMetadata, record_.request_id);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Write(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  // Health checks and reflection: not logged, and not held up by a stopping server.
  static bool IsInfrastructure(absl::string_view method) {
    return absl::StartsWith(method, "/grpc.health.") ||
           absl::StartsWith(method, "/grpc.reflection.");
  }

  void Write(const grpc::Status& status) {
    if (IsInfrastructure(method_)) return;
    const grpc::StatusCode code = status.error_code();
    const bool server_fault = code == grpc::StatusCode::INTERNAL ||
                              code == grpc::StatusCode::DATA_LOSS ||
                              code == grpc::StatusCode::UNKNOWN;
    std::vector<LogField> fields = {
        {"request_id", record_.request_id},
        {"caller", record_.caller.empty() ? "unauthenticated" : record_.caller},
        {"rpc", method_},
        {"status", GrpcCodeName(code)},
        {"duration_ms", absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(absl::Now() - start_))},
    };
    if (!status.ok()) fields.push_back({"error", status.error_message()});
    Log(server_fault ? "error" : "info", "rpc", fields);
  }

  const grpc::ServerContextBase* context_;
  const std::string method_;
  const absl::Time start_;
  CallRecord record_;
};

}  // namespace

grpc::experimental::Interceptor* AccessLogInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new AccessLogInterceptor(info, gate_, limiter_);
}

}  // namespace svcup
