// Bearer tokens: JSON Web Tokens (RFC 7519) signed with Ed25519 (EdDSA, RFC 8037), so that
// services hold only public keys (key_set.h) and no service can mint another's identity.
//
// Header {"alg":"EdDSA","typ":"JWT","kid":<key id>}; claims {"iss","sub","aud","iat","nbf",
// "exp","org","role"}: "org" the organisation code, "role" the role's enum name
// ("ROLE_AGENCY_HEAD"), "aud" the suite's audience. Any issuer that signs such tokens with a
// key in the services' key set (e.g. an identity provider) can serve the suite.
#ifndef SVCUP_COMMON_AUTH_TOKEN_H_
#define SVCUP_COMMON_AUTH_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/key_set.h"
#include "common/auth/signing_key.h"
#include "svcup/v1/common.pb.h"

namespace svcup {

// The audience tokens for the suite name unless configured otherwise.
inline constexpr absl::string_view kDefaultTokenAudience = "svcup";

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

// What a verifier demands beyond a good signature.
struct TokenRules {
  // The audience the token must name.
  std::string audience = std::string(kDefaultTokenAudience);
  // The longest a token may live (exp - iat).
  absl::Duration max_lifetime = absl::Hours(24);
  // How far the issuer's clock may run ahead of ours (for iat and nbf).
  absl::Duration clock_skew = absl::Seconds(60);
};

// Mints a token signed by `key` (its key_id in the header) for `audience`. INVALID_ARGUMENT
// when a claim breaks its rule.
absl::StatusOr<std::string> MintToken(const SigningKey& key, const TokenClaims& claims,
                                      absl::string_view audience = kDefaultTokenAudience);

// Verifies a token against `keys` at `now` (the real time). UNAUTHENTICATED, with the reason,
// when the token is malformed, not EdDSA, signed by an unknown key or forged, for another
// audience, not yet valid, expired, longer-lived than allowed, or claims an identity its key
// may not sign (a service's key signs only that service; service identities only so).
absl::StatusOr<TokenClaims> VerifyToken(const KeySet& keys, absl::string_view token, absl::Time now,
                                        const TokenRules& rules = {});

// INVALID_ARGUMENT unless `subject` is 1..64 of [A-Za-z0-9._@-] (tokens and certificates).
absl::Status CheckSubject(absl::string_view subject);

// The organisation code of service `service`'s own identity ("svc-reports").
std::string ServiceOrganisation(absl::string_view service);

}  // namespace svcup

#endif  // SVCUP_COMMON_AUTH_TOKEN_H_
