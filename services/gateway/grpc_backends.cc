#include "services/gateway/grpc_backends.h"

#include <future>

#include "common/auth/authenticator.h"
#include "common/server/byte_buffers.h"
#include "common/server/call_context.h"

namespace svcup::gateway {

GrpcBackends::GrpcBackends(std::vector<std::shared_ptr<grpc::Channel>> channels)
    : channels_(std::move(channels)) {
  for (const auto& channel : channels_) {
    stubs_.push_back(std::make_unique<grpc::GenericStub>(channel));
  }
}

std::unique_ptr<grpc::ClientContext> GrpcBackends::ContextFor(const OutgoingCall& call) const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!call.authorization.empty()) context->AddMetadata("authorization", call.authorization);
  if (!call.relayed_certificate_uri.empty()) {
    context->AddMetadata(Authenticator::kRelayedCertificateMetadata, call.relayed_certificate_uri);
  }
  context->AddMetadata(kRequestIdMetadata, call.request_id);
  if (call.deadline != absl::InfiniteFuture()) {
    context->set_deadline(absl::ToChronoTime(call.deadline));
  }
  return context;
}

BackendAnswer GrpcBackends::Call(const RpcRoute& route, const std::string& request,
                                 const OutgoingCall& call) const {
  std::unique_ptr<grpc::ClientContext> context = ContextFor(call);
  grpc::Slice slice(request);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  std::promise<grpc::Status> finished;
  stubs_[route.service]->UnaryCall(
      context.get(), route.path, grpc::StubOptions(), &request_buffer, &response_buffer,
      [&finished](grpc::Status status) { finished.set_value(std::move(status)); });
  BackendAnswer answer;
  answer.status = finished.get_future().get();
  if (answer.status.ok()) answer.response = ByteBufferToString(response_buffer);
  return answer;
}

std::shared_ptr<BackendStream> GrpcBackends::Open(const RpcRoute& route, const std::string& request,
                                                  const OutgoingCall& call) const {
  return BackendStream::Open(*stubs_[route.service], route.path, ContextFor(call), request);
}

}  // namespace svcup::gateway
