#include "common/storage/idempotency.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "common/auth/crypto.h"

namespace svcup::storage {

std::string RequestFingerprint(absl::string_view method,
                               const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream output(&bytes);
    google::protobuf::io::CodedOutputStream coded(&output);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  return Sha256(absl::StrCat(method, "\n", bytes));
}

}  // namespace svcup::storage
