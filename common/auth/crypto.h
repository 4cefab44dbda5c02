// Digests and MACs (OpenSSL): content digests, request fingerprints and token signatures.
#ifndef SVCUP_COMMON_AUTH_CRYPTO_H_
#define SVCUP_COMMON_AUTH_CRYPTO_H_

#include <string>

#include "absl/strings/string_view.h"

namespace svcup {

// SHA-256 of `data`, as 32 raw bytes.
std::string Sha256(absl::string_view data);

// SHA-256 of `data`, as 64 lowercase hex digits.
std::string Sha256Hex(absl::string_view data);

// HMAC-SHA256 of `data` under `key`, as 32 raw bytes.
std::string HmacSha256(absl::string_view key, absl::string_view data);

// Compares two byte strings in time that does not depend on where they differ.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace svcup

#endif  // SVCUP_COMMON_AUTH_CRYPTO_H_
