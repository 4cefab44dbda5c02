#include "common/api/validation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace svcup {

size_t CountCharacters(absl::string_view utf8) {
  size_t count = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++count;  // count every byte that starts a code point
  }
  return count;
}

absl::Status CheckText(absl::string_view field, absl::string_view value, size_t min_chars,
                       size_t max_chars, bool single_line) {
  const size_t n = CountCharacters(value);
  if (n < min_chars || n > max_chars) {
    if (min_chars > 0 && n == 0) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": is required (1..", max_chars,
                                                     " characters), got an empty value"));
    }
    return absl::InvalidArgumentError(absl::StrCat(field, ": must be ", min_chars, "..",
                                                   max_chars, " characters, got ", n));
  }
  for (unsigned char c : value) {
    const bool line_break = c == '\n' || c == '\r' || c == '\t';
    if ((c < 0x20 && !(line_break && !single_line)) || c == 0x7F) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": must not contain control characters",
                       single_line ? " or line breaks" : " (other than tab and line breaks)"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckRequestId(absl::string_view request_id) {
  if (request_id.empty()) {
    return absl::InvalidArgumentError(
        "request_id: is required on every change (1..64 characters of [A-Za-z0-9._:-]; a "
        "retry with the same id returns the first result)");
  }
  return CheckClientKey("request_id", request_id);
}

absl::Status CheckClientKey(absl::string_view field, absl::string_view key) {
  if (key.size() > 64) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be at most 64 characters, got ", key.size()));
  }
  for (char c : key) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' &&
        c != ':' && c != '-') {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": may contain only letters, digits and . _ : -"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckEtagPresent(absl::string_view etag) {
  if (etag.empty()) {
    return absl::InvalidArgumentError(
        "etag: is required; pass the etag of the version you read, so a concurrent change is "
        "not overwritten");
  }
  return absl::OkStatus();
}

absl::Status CheckUrl(absl::string_view field, absl::string_view url) {
  if (url.size() > 2048) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": URL must be at most 2048 characters, got ", url.size()));
  }
  absl::string_view rest = url;
  if (!absl::ConsumePrefix(&rest, "https://") && !absl::ConsumePrefix(&rest, "http://")) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", Quote(url), " is not an http:// or https:// URL"));
  }
  const size_t host_end = rest.find_first_of("/?#");
  const absl::string_view host = rest.substr(0, host_end);
  if (host.empty() || absl::StrContains(host, "@")) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", Quote(url), " has no host name (or carries credentials)"));
  }
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\') {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ": URL must not contain spaces, quotes, angle brackets or control characters"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckCount(absl::string_view field, size_t count, size_t max_items) {
  if (count > max_items) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": at most ", max_items, " items allowed, got ", count));
  }
  return absl::OkStatus();
}

absl::Status CheckYear(absl::string_view field, int year) {
  if (year < kMinYear || year > kMaxYear) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": must be a Gregorian year in 1912..2200 (2018 for ROC 107), got ", year));
  }
  return absl::OkStatus();
}

std::string Quote(absl::string_view value, size_t max_characters) {
  std::string out = "\"";
  size_t characters = 0;
  size_t i = 0;
  for (; i < value.size(); ++i) {
    const unsigned char c = value[i];
    const bool starts_character = (c & 0xC0) != 0x80;
    if (starts_character && characters++ == max_characters) break;
    // Bounded in bytes too: escapes grow the text, and invalid UTF-8 (bytes that start no
    // character) would never reach the character count. Cut between characters when possible.
    const size_t byte_cap = max_characters * 4;
    if ((starts_character && out.size() > byte_cap) || out.size() > 2 * byte_cap) break;
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      absl::StrAppend(&out, c == '\n' ? "\\n" : absl::StrFormat("\\x%02x", c));
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  if (i < value.size()) absl::StrAppend(&out, "…(", value.size(), " bytes)");
  return out;
}

std::string Indexed(absl::string_view field, size_t index) {
  return absl::StrCat(field, "[", index, "]");
}

}  // namespace svcup
