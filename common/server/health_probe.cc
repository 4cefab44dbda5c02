#include "common/server/health_probe.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include "absl/time/clock.h"
#include "common/status/grpc_status.h"

namespace svcup {

absl::StatusOr<ServingStatus> CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                                          const std::string& service, absl::Duration timeout) {
  // HealthCheckRequest { string service = 1; }: tag 0x0A, length, bytes.
  std::string request_bytes;
  if (!service.empty()) {
    request_bytes.push_back(0x0A);
    request_bytes.push_back(static_cast<char>(service.size()));  // names stay under 128 bytes
    request_bytes += service;
  }
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);

  grpc::GenericStub stub(channel);
  grpc::CompletionQueue queue;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  auto call = stub.PrepareUnaryCall(&context, "/grpc.health.v1.Health/Check", request, &queue);
  call->StartCall();
  grpc::ByteBuffer response;
  grpc::Status status;
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  if (!status.ok()) return FromGrpcStatus(status);

  // HealthCheckResponse { ServingStatus status = 1; }: tag 0x08, varint; absent means UNKNOWN.
  std::vector<grpc::Slice> slices;
  (void)response.Dump(&slices);
  std::string bytes;
  for (const grpc::Slice& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  if (bytes.size() >= 2 && bytes[0] == 0x08) return static_cast<ServingStatus>(bytes[1]);
  return ServingStatus::kUnknown;
}

}  // namespace svcup
