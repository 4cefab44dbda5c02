#include "common/api/message_digest.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "absl/strings/str_cat.h"
#include "common/auth/crypto.h"

namespace svcup {

std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream output(&bytes);
    google::protobuf::io::CodedOutputStream coded(&output);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

std::string MessageFingerprint(absl::string_view purpose,
                               const google::protobuf::Message& message) {
  return Sha256(absl::StrCat(purpose, "\n", DeterministicBytes(message)));
}

}  // namespace svcup
