// Digests of protobuf messages that are the same on every run and every replica: the basis of
// etags, request fingerprints (idempotency) and report content digests.
#ifndef SVCUP_COMMON_API_MESSAGE_DIGEST_H_
#define SVCUP_COMMON_API_MESSAGE_DIGEST_H_

#include <google/protobuf/message.h>

#include <string>

#include "absl/strings/string_view.h"

namespace svcup {

// The message's deterministic binary serialization: fields in number order, map entries sorted.
std::string DeterministicBytes(const google::protobuf::Message& message);

// SHA-256 (32 raw bytes) of `purpose`, a newline and DeterministicBytes(message): the purpose
// keeps digests made for different uses apart.
std::string MessageFingerprint(absl::string_view purpose, const google::protobuf::Message& message);

}  // namespace svcup

#endif  // SVCUP_COMMON_API_MESSAGE_DIGEST_H_
