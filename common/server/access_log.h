// The access log: one JSON line per RPC with time, level, service, request id, caller, RPC,
// status, duration (and the message of an error), written by a server interceptor. It also
// answers every call with its request id in the `x-request-id` response metadata.
// Health checks and reflection are not logged (probes would drown the log).
#ifndef SVCUP_COMMON_SERVER_ACCESS_LOG_H_
#define SVCUP_COMMON_SERVER_ACCESS_LOG_H_

#include <grpcpp/support/server_interceptor.h>

#include "common/server/drain_gate.h"
#include "common/server/rate_limiter.h"

namespace svcup {

// Creates the access-log interceptor of each call. Each call but health checks and reflection
// also arrives at `gate` (not owned; it must outlive the server), which marks it to be turned
// away while the server stops.
class AccessLogInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `limiter` (not owned; may be null) is noted in each call's record for the handler to admit
  // the caller through once authenticated.
  AccessLogInterceptorFactory(DrainGate& gate, RateLimiter* limiter)
      : gate_(gate), limiter_(limiter) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  DrainGate& gate_;
  RateLimiter* limiter_;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_ACCESS_LOG_H_
