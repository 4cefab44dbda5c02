// Encoded messages for raw gRPC methods (WithRawCallbackMethod_*): decoding a request from a
// grpc::ByteBuffer, and sending kept bytes as an answer without copying them.
#ifndef SVCUP_COMMON_SERVER_BYTE_BUFFERS_H_
#define SVCUP_COMMON_SERVER_BYTE_BUFFERS_H_

#include <google/protobuf/message.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

#include <memory>
#include <string>
#include <vector>

namespace svcup {

// Decodes `buffer` into `message`; false if it is not a valid encoding of it.
inline bool DecodeMessage(const grpc::ByteBuffer& buffer, google::protobuf::Message* message) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return false;
  std::string bytes;
  bytes.reserve(buffer.Length());
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return message->ParseFromString(bytes);
}

// A buffer over `bytes` that shares them (no copy): they live until gRPC has sent them.
inline grpc::ByteBuffer SharedByteBuffer(std::shared_ptr<const std::string> bytes) {
  auto* owner = new std::shared_ptr<const std::string>(std::move(bytes));
  grpc::Slice slice(
      const_cast<char*>((*owner)->data()), (*owner)->size(),
      [](void* kept) { delete static_cast<std::shared_ptr<const std::string>*>(kept); }, owner);
  return grpc::ByteBuffer(&slice, 1);
}

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_BYTE_BUFFERS_H_
