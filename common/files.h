// Reading small local files: keys, certificates, seed data, drafts.
#ifndef SVCUP_COMMON_FILES_H_
#define SVCUP_COMMON_FILES_H_

#include <string>

#include "absl/status/statusor.h"

namespace svcup {

// The bytes of the file at `path`. NOT_FOUND ("cannot read <path>") when it cannot be opened.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace svcup

#endif  // SVCUP_COMMON_FILES_H_
