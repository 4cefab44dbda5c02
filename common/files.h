// Reading small local files: keys, certificates, seed data, drafts.
#ifndef SVCUP_COMMON_FILES_H_
#define SVCUP_COMMON_FILES_H_

#include <string>

#include "absl/status/statusor.h"

namespace svcup {

// The bytes of the file at `path`. NOT_FOUND ("cannot read <path>") when it cannot be opened.
absl::StatusOr<std::string> ReadFile(const std::string& path);

// The bytes of a secret (a key) at `path`, which only its owner may read: FAILED_PRECONDITION,
// saying how to fix it, when group or others may read or write it; NOT_FOUND as ReadFile.
absl::StatusOr<std::string> ReadSecretFile(const std::string& path);

}  // namespace svcup

#endif  // SVCUP_COMMON_FILES_H_
