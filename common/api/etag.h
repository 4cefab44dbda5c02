// Etags: opaque version tags of resources. An update names the etag it read; a stale one gets
// ABORTED, so concurrent edits never silently overwrite each other.
#ifndef SVCUP_COMMON_API_ETAG_H_
#define SVCUP_COMMON_API_ETAG_H_

#include <google/protobuf/message.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace svcup {

// The etag of a resource message: a digest of its serialized form with `etag_field` cleared.
// Changes whenever any other field changes.
std::string ComputeEtag(const google::protobuf::Message& resource,
                        absl::string_view etag_field = "etag");

// OK when `given` equals `current`; ABORTED naming the resource otherwise.
absl::Status CheckEtag(absl::string_view given, absl::string_view current,
                       absl::string_view resource_name);

}  // namespace svcup

#endif  // SVCUP_COMMON_API_ETAG_H_
