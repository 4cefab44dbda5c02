#include "common/server/log.h"

#include <cstdio>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace svcup {
namespace {

std::string& ServiceName() {
  static std::string* name = new std::string("svcup");
  return *name;
}

}  // namespace

void SetLogService(absl::string_view service) { ServiceName() = std::string(service); }

std::string JsonEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

void Log(absl::string_view level, absl::string_view message,
         const std::vector<LogField>& fields) {
  std::string line = absl::StrCat(
      "{\"time\":\"", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()),
      "\",\"level\":\"", level, "\",\"service\":\"", JsonEscape(ServiceName()), "\",\"msg\":\"",
      JsonEscape(message), "\"");
  for (const auto& [key, value] : fields) {
    absl::StrAppend(&line, ",\"", JsonEscape(key), "\":\"", JsonEscape(value), "\"");
  }
  line += "}\n";
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace svcup
