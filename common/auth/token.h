// Bearer tokens: the caller's organisation, role and subject with an expiry, signed with
// HMAC-SHA256 under a key shared by the services and the token-minting tool.
//
// Format: "v1.<base64url(claims)>.<base64url(HMAC-SHA256(key, "v1.<base64url(claims)>"))>",
// claims being "org=<code>;role=<ROLE_...>;sub=<subject>;iat=<unix>;exp=<unix>".
#ifndef SVCUP_COMMON_AUTH_TOKEN_H_
#define SVCUP_COMMON_AUTH_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "svcup/v1/common.pb.h"

namespace svcup {

// The minimum key length, in bytes.
inline constexpr size_t kMinTokenKeyBytes = 32;

// What a token says about its bearer.
struct TokenClaims {
  // Organisation code ("dpo-taipei").
  std::string organisation;
  // The role the bearer acts in (never ROLE_PUBLIC or ROLE_UNSPECIFIED).
  v1::Role role = v1::ROLE_UNSPECIFIED;
  // Person or system: 1..64 of [A-Za-z0-9._@-].
  std::string subject;
  // When the token was minted.
  absl::Time issued_at;
  // When it stops being accepted.
  absl::Time expires_at;
};

// Mints a token. INVALID_ARGUMENT when a claim breaks its rule or the key is too short.
absl::StatusOr<std::string> MintToken(absl::string_view key, const TokenClaims& claims);

// Verifies a token's signature and expiry at `now`. UNAUTHENTICATED, with the reason, when the
// token is malformed, forged (bad signature) or expired.
absl::StatusOr<TokenClaims> VerifyToken(absl::string_view key, absl::string_view token,
                                        absl::Time now);

// INVALID_ARGUMENT unless `subject` is 1..64 of [A-Za-z0-9._@-] (tokens and certificates).
absl::Status CheckSubject(absl::string_view subject);

// Reads a key file: its bytes with trailing whitespace removed, at least kMinTokenKeyBytes.
// NOT_FOUND when the file cannot be read; FAILED_PRECONDITION when the key is too short.
absl::StatusOr<std::string> ReadTokenKeyFile(const std::string& path);

}  // namespace svcup

#endif  // SVCUP_COMMON_AUTH_TOKEN_H_
