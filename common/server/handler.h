// The shape of every handler of the suite: establish the caller, call the domain, convert the
// status once. Handlers stay one line each.
#ifndef SVCUP_COMMON_SERVER_HANDLER_H_
#define SVCUP_COMMON_SERVER_HANDLER_H_

#include <grpcpp/server_context.h>

#include <utility>

#include "common/auth/authenticator.h"
#include "common/server/call_context.h"
#include "common/status/grpc_status.h"

namespace svcup {

// Authenticates the call, runs `domain(principal)` (which returns absl::StatusOr<Response>) and
// moves its value into `response`. A call whose deadline has passed or that the client
// cancelled is answered CANCELLED, and one that arrived while the server stops UNAVAILABLE,
// without running the domain. While the domain runs, the call's
// request id is the thread's (calls it makes to other services carry it on).
template <typename Response, typename DomainCall>
grpc::Status Serve(const Authenticator& authenticator, grpc::ServerContext* context,
                   Response* response, DomainCall&& domain) {
  if (context->IsCancelled()) {
    return grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled before it ran");
  }
  if (grpc::Status stopping = TurnAwayIfStopping(*context); !stopping.ok()) return stopping;
  auto caller = authenticator.Authenticate(*context);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (grpc::Status admitted = AdmitCaller(*context, *caller); !admitted.ok()) return admitted;
  ScopedCallContext call_context(*context);
  auto result = std::forward<DomainCall>(domain)(*caller);
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = std::move(*result);
  return grpc::Status::OK;
}

// The same for a streaming handler: authenticates the call and runs `domain(principal)`, which
// returns absl::Status and writes to the stream itself.
template <typename DomainCall>
grpc::Status ServeStream(const Authenticator& authenticator, grpc::ServerContext* context,
                         DomainCall&& domain) {
  if (context->IsCancelled()) {
    return grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled before it ran");
  }
  if (grpc::Status stopping = TurnAwayIfStopping(*context); !stopping.ok()) return stopping;
  auto caller = authenticator.Authenticate(*context);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (grpc::Status admitted = AdmitCaller(*context, *caller); !admitted.ok()) return admitted;
  ScopedCallContext call_context(*context);
  return ToGrpcStatus(std::forward<DomainCall>(domain)(*caller));
}

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_HANDLER_H_
