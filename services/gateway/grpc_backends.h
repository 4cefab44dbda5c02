// The gateway's way to the services: one channel and generic stub per service, calls made with
// the bytes the RPC catalog encoded, the caller's credentials and request id passed through, and
// the deadline the HTTP client asked for (never longer than the gateway's own cap).
#ifndef SVCUP_SERVICES_GATEWAY_GRPC_BACKENDS_H_
#define SVCUP_SERVICES_GATEWAY_GRPC_BACKENDS_H_

#include <grpcpp/channel.h>
#include <grpcpp/generic/generic_stub.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/gateway/backend_stream.h"
#include "services/gateway/rpc_catalog.h"

namespace svcup::gateway {

// Who a call is made for and by when.
struct OutgoingCall {
  // The HTTP Authorization header, passed as it is ("" for the public).
  std::string authorization;
  // The identity URI of the verified client certificate the HTTP client presented ("" for
  // none), relayed to the services (Authenticator::kRelayedCertificateMetadata).
  std::string relayed_certificate_uri;
  std::string request_id;
  // The call's deadline; absl::InfiniteFuture() for none (streams).
  absl::Time deadline = absl::InfiniteFuture();
};

// A call's outcome: its status and, when OK, the binary answer.
struct BackendAnswer {
  grpc::Status status;
  std::string response;
};

// The services behind the gateway. Thread-safe.
class GrpcBackends {
 public:
  // Channel i serves the catalog's service i.
  explicit GrpcBackends(std::vector<std::shared_ptr<grpc::Channel>> channels);

  // Calls the unary RPC `route` with `request` and waits for its answer.
  BackendAnswer Call(const RpcRoute& route, const std::string& request,
                     const OutgoingCall& call) const;

  // Opens the server-streaming RPC `route` with `request`.
  std::shared_ptr<BackendStream> Open(const RpcRoute& route, const std::string& request,
                                      const OutgoingCall& call) const;

 private:
  std::unique_ptr<grpc::ClientContext> ContextFor(const OutgoingCall& call) const;

  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs_;
};

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_GRPC_BACKENDS_H_
