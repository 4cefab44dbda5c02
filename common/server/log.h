// Structured logs: one JSON object per line on stderr, with time, level, service and fields.
#ifndef SVCUP_COMMON_SERVER_LOG_H_
#define SVCUP_COMMON_SERVER_LOG_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace svcup {

// A log field: key and value (values are written as JSON strings).
using LogField = std::pair<absl::string_view, std::string>;

// Sets the "service" field of every line this process writes.
void SetLogService(absl::string_view service);

// Writes one line: {"time":..., "level":..., "service":..., "msg":..., fields...}.
void Log(absl::string_view level, absl::string_view message,
         const std::vector<LogField>& fields = {});

// Escapes text for a JSON string literal (without the quotes).
std::string JsonEscape(absl::string_view text);

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_LOG_H_
