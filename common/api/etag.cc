#include "common/api/etag.h"

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/api/message_digest.h"
#include "common/api/validation.h"

namespace svcup {

std::string ComputeEtag(const google::protobuf::Message& resource, absl::string_view etag_field) {
  std::unique_ptr<google::protobuf::Message> copy(resource.New());
  copy->CopyFrom(resource);
  if (const auto* field = copy->GetDescriptor()->FindFieldByName(std::string(etag_field))) {
    copy->GetReflection()->ClearField(copy.get(), field);
  }
  // A deterministic digest of the message; 16 hex digits are plenty to tell versions apart.
  return absl::BytesToHexString(MessageFingerprint("etag", *copy)).substr(0, 16);
}

absl::Status CheckEtag(absl::string_view given, absl::string_view current,
                       absl::string_view resource_name) {
  if (given == current) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat(
      "etag: ", Quote(given), " is stale: ", resource_name, " changed since you read it (now \"",
      current, "\"); read it again, reapply your change and retry"));
}

}  // namespace svcup
