// Input checks shared by every service. Each returns INVALID_ARGUMENT with a message that names
// the field and the rule it breaks, e.g. "content.title: must be 1..200 characters, got 0".
#ifndef SVCUP_COMMON_API_VALIDATION_H_
#define SVCUP_COMMON_API_VALIDATION_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace svcup {

// Number of Unicode code points in valid UTF-8 text (what users call "characters").
size_t CountCharacters(absl::string_view utf8);

// Checks that `value` holds min_chars..max_chars characters and no control characters other
// than tab, CR and LF (and none at all when `single_line`).
absl::Status CheckText(absl::string_view field, absl::string_view value, size_t min_chars,
                       size_t max_chars, bool single_line = false);

// Checks a key a client chooses (an idempotency key, a batch id): at most 64 characters of
// [A-Za-z0-9._:-]. INVALID_ARGUMENT naming `field` otherwise.
absl::Status CheckClientKey(absl::string_view field, absl::string_view key);

// Checks an idempotency key: required, and a client key (above).
absl::Status CheckRequestId(absl::string_view request_id);

// Checks that an etag is present (its freshness is the store's business).
absl::Status CheckEtagPresent(absl::string_view etag);

// Checks an http(s) URL: scheme http or https, a host, no spaces or control characters, at
// most 2,048 characters.
absl::Status CheckUrl(absl::string_view field, absl::string_view url);

// Checks that a repeated field has at most `max_items` items.
absl::Status CheckCount(absl::string_view field, size_t count, size_t max_items);

// The Gregorian years the programme supports.
inline constexpr int kMinYear = 1912;
inline constexpr int kMaxYear = 2200;

// The largest revision, version or inspection number a name can carry.
inline constexpr int kMaxSequenceNumber = 999999;

// Checks a Gregorian year against the range the programme supports (1912..2200).
absl::Status CheckYear(absl::string_view field, int year);

// Quotes what a caller sent for an error message or a log line: at most the first
// `max_characters` characters, in double quotes, with quotes, backslashes and control characters escaped and
// "…(N bytes)" after a cut, so that a message never grows with its input.
std::string Quote(absl::string_view value, size_t max_characters = 32);

// "field[index]" for messages about an element of a repeated field.
std::string Indexed(absl::string_view field, size_t index);

}  // namespace svcup

#endif  // SVCUP_COMMON_API_VALIDATION_H_
