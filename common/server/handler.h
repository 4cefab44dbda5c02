// The shape of every handler of the suite: establish the caller, call the domain, convert the
// status once. Handlers stay one line each.
#ifndef SVCUP_COMMON_SERVER_HANDLER_H_
#define SVCUP_COMMON_SERVER_HANDLER_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/auth/authenticator.h"
#include "common/server/call_context.h"
#include "common/server/worker_pool.h"
#include "common/status/grpc_status.h"

namespace svcup {

// What every handler does before the domain runs: a call whose deadline has passed or that the
// client cancelled is CANCELLED, one that arrived while the server stops UNAVAILABLE, then the
// caller is authenticated and admitted by its rate limit. OK with `caller` set, or the answer.
inline grpc::Status AdmitCall(const Authenticator& authenticator, grpc::ServerContextBase* context,
                              v1::Principal* caller) {
  if (context->IsCancelled()) {
    return grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled before it ran");
  }
  if (grpc::Status stopping = TurnAwayIfStopping(*context); !stopping.ok()) return stopping;
  auto authenticated = authenticator.Authenticate(*context);
  if (!authenticated.ok()) return ToGrpcStatus(authenticated.status());
  *caller = std::move(*authenticated);
  return AdmitCaller(*context, *caller);
}

// Authenticates the call, runs `domain(principal)` (which returns absl::StatusOr<Response>) and
// moves its value into `response`. A call whose deadline has passed or that the client
// cancelled is answered CANCELLED, and one that arrived while the server stops UNAVAILABLE,
// without running the domain. While the domain runs, the call's
// request id is the thread's (calls it makes to other services carry it on).
template <typename Response, typename DomainCall>
grpc::Status Serve(const Authenticator& authenticator, grpc::ServerContextBase* context,
                   Response* response, DomainCall&& domain) {
  v1::Principal caller;
  if (grpc::Status admitted = AdmitCall(authenticator, context, &caller); !admitted.ok()) {
    return admitted;
  }
  ScopedCallContext call_context(*context);
  auto result = std::forward<DomainCall>(domain)(caller);
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = std::move(*result);
  return grpc::Status::OK;
}

// A unary call on the callback API: Serve runs on a worker of `workers` and finishes the call.
// `domain` must own what it uses (capture the request pointer by value, never by reference to
// the handler's parameters, which are gone when it runs). RESOURCE_EXHAUSTED at once when the
// workers' queue is full.
template <typename Response, typename DomainCall>
grpc::ServerUnaryReactor* ServeUnary(WorkerPool& workers, const Authenticator& authenticator,
                                     grpc::CallbackServerContext* context, Response* response,
                                     DomainCall domain) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const bool queued = workers.TrySubmit(
      [&authenticator, context, response, reactor, domain = std::move(domain)]() mutable {
        reactor->Finish(Serve(authenticator, context, response, std::move(domain)));
      });
  if (!queued) {
    reactor->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                 absl::StrCat("the service is busy (", workers.max_queued(),
                                              " calls are waiting): retry in a moment")));
  }
  return reactor;
}

// The same for a streaming handler: authenticates the call and runs `domain(principal)`, which
// returns absl::Status and writes to the stream itself.
template <typename DomainCall>
grpc::Status ServeStream(const Authenticator& authenticator, grpc::ServerContextBase* context,
                         DomainCall&& domain) {
  v1::Principal caller;
  if (grpc::Status admitted = AdmitCall(authenticator, context, &caller); !admitted.ok()) {
    return admitted;
  }
  ScopedCallContext call_context(*context);
  return ToGrpcStatus(std::forward<DomainCall>(domain)(caller));
}

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_HANDLER_H_
