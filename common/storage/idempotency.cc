#include "common/storage/idempotency.h"

#include "common/api/message_digest.h"

namespace svcup::storage {

std::string RequestFingerprint(absl::string_view method,
                               const google::protobuf::Message& request) {
  return MessageFingerprint(method, request);
}

}  // namespace svcup::storage
