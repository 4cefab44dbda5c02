// Raw unary methods (WithRawCallbackMethod_*), for answers a service keeps encoded: decoding the
// request from a grpc::ByteBuffer, and sending kept bytes as the answer without copying them.
#ifndef SVCUP_COMMON_SERVER_BYTE_BUFFERS_H_
#define SVCUP_COMMON_SERVER_BYTE_BUFFERS_H_

#include <google/protobuf/message.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/server/handler.h"

namespace svcup {

// The bytes of `buffer`, copied out of its slices ("" if it cannot be read).
inline std::string ByteBufferToString(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return "";
  std::string bytes;
  bytes.reserve(buffer.Length());
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

// Decodes `buffer` into `message`; false if it is not a valid encoding of it.
inline bool DecodeMessage(const grpc::ByteBuffer& buffer, google::protobuf::Message* message) {
  return buffer.Valid() && message->ParseFromString(ByteBufferToString(buffer));
}

// A buffer over `bytes` that shares them (no copy): they live until gRPC has sent them.
inline grpc::ByteBuffer SharedByteBuffer(std::shared_ptr<const std::string> bytes) {
  auto* owner = new std::shared_ptr<const std::string>(std::move(bytes));
  grpc::Slice slice(
      const_cast<char*>((*owner)->data()), (*owner)->size(),
      [](void* kept) { delete static_cast<std::shared_ptr<const std::string>*>(kept); }, owner);
  return grpc::ByteBuffer(&slice, 1);
}

// ServeUnary for a raw method: decodes `request` as a `Request` (INVALID_ARGUMENT if it is not
// one), runs `domain(principal, decoded)`, which returns the encoded answer
// (absl::StatusOr<std::shared_ptr<const std::string>>), and sends it as it is.
template <typename Request, typename DomainCall>
grpc::ServerUnaryReactor* ServeEncodedUnary(WorkerPool& workers, const Authenticator& authenticator,
                                            grpc::CallbackServerContext* context,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response, DomainCall domain) {
  return ServeUnary(workers, authenticator, context, response,
                    [request, domain = std::move(domain)](
                        const v1::Principal& caller) mutable -> absl::StatusOr<grpc::ByteBuffer> {
                      Request decoded;
                      if (!DecodeMessage(*request, &decoded)) {
                        return absl::InvalidArgumentError(absl::StrCat(
                            "the request is not a ", Request::descriptor()->full_name(),
                            " in protobuf encoding"));
                      }
                      absl::StatusOr<std::shared_ptr<const std::string>> encoded =
                          domain(caller, decoded);
                      if (!encoded.ok()) return encoded.status();
                      return SharedByteBuffer(*std::move(encoded));
                    });
}

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_BYTE_BUFFERS_H_
