#include "common/auth/token.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/api/names.h"
#include "common/auth/crypto.h"
#include "common/files.h"
#include "common/status/macros.h"

namespace svcup {
namespace {

constexpr absl::string_view kVersionPrefix = "v1.";

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("bearer token rejected: ", why));
}

}  // namespace

absl::Status CheckSubject(absl::string_view subject) {
  bool ok = !subject.empty() && subject.size() <= 64;
  for (char c : subject) {
    ok = ok && (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
                c == '@' || c == '-');
  }
  return ok ? absl::OkStatus()
            : absl::InvalidArgumentError("subject: must be 1..64 of [A-Za-z0-9._@-]");
}

absl::StatusOr<std::string> MintToken(absl::string_view key, const TokenClaims& claims) {
  if (key.size() < kMinTokenKeyBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("key: must be at least ", kMinTokenKeyBytes, " bytes"));
  }
  RETURN_IF_ERROR(CheckOrganisationCode("organisation", claims.organisation));
  RETURN_IF_ERROR(CheckSubject(claims.subject));
  if (claims.role == v1::ROLE_UNSPECIFIED || claims.role == v1::ROLE_PUBLIC ||
      !v1::Role_IsValid(claims.role)) {
    return absl::InvalidArgumentError(
        "role: must be one of the roles of docs/policy.md (not ROLE_PUBLIC: the public needs "
        "no token)");
  }
  if (claims.expires_at <= claims.issued_at) {
    return absl::InvalidArgumentError("expires_at: must be after issued_at");
  }
  const std::string payload = absl::StrCat(
      "org=", claims.organisation, ";role=", v1::Role_Name(claims.role), ";sub=", claims.subject,
      ";iat=", absl::ToUnixSeconds(claims.issued_at),
      ";exp=", absl::ToUnixSeconds(claims.expires_at));
  const std::string signed_part =
      absl::StrCat(kVersionPrefix, absl::WebSafeBase64Escape(payload));
  return absl::StrCat(signed_part, ".", absl::WebSafeBase64Escape(HmacSha256(key, signed_part)));
}

absl::StatusOr<TokenClaims> VerifyToken(absl::string_view key, absl::string_view token,
                                        absl::Time now) {
  if (!absl::StartsWith(token, kVersionPrefix)) {
    return Unauthenticated("not a svcup v1 token");
  }
  const size_t dot = token.rfind('.');
  if (dot <= kVersionPrefix.size()) return Unauthenticated("malformed");
  const absl::string_view signed_part = token.substr(0, dot);
  std::string mac;
  if (!absl::WebSafeBase64Unescape(token.substr(dot + 1), &mac) ||
      !ConstantTimeEquals(mac, HmacSha256(key, signed_part))) {
    return Unauthenticated("signature does not match (forged, or minted with another key)");
  }
  std::string payload;
  if (!absl::WebSafeBase64Unescape(signed_part.substr(kVersionPrefix.size()), &payload)) {
    return Unauthenticated("malformed claims");
  }
  TokenClaims claims;
  int64_t iat = 0, exp = 0;
  bool have_role = false;
  for (absl::string_view field : absl::StrSplit(payload, ';')) {
    std::pair<absl::string_view, absl::string_view> kv = absl::StrSplit(field, '=');
    if (kv.first == "org") {
      claims.organisation = std::string(kv.second);
    } else if (kv.first == "role") {
      have_role = v1::Role_Parse(std::string(kv.second), &claims.role);
    } else if (kv.first == "sub") {
      claims.subject = std::string(kv.second);
    } else if (kv.first == "iat") {
      if (!absl::SimpleAtoi(kv.second, &iat)) return Unauthenticated("malformed iat");
    } else if (kv.first == "exp") {
      if (!absl::SimpleAtoi(kv.second, &exp)) return Unauthenticated("malformed exp");
    }
  }
  if (claims.organisation.empty() || !have_role || claims.subject.empty() || exp == 0) {
    return Unauthenticated("claims incomplete");
  }
  claims.issued_at = absl::FromUnixSeconds(iat);
  claims.expires_at = absl::FromUnixSeconds(exp);
  if (now >= claims.expires_at) {
    return Unauthenticated(absl::StrCat("expired at ",
                                        absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", claims.expires_at,
                                                         absl::UTCTimeZone()),
                                        "; mint a new one"));
  }
  return claims;
}

absl::StatusOr<std::string> ReadTokenKeyFile(const std::string& path) {
  auto content = ReadSecretFile(path);
  if (content.status().code() == absl::StatusCode::kFailedPrecondition) return content.status();
  if (!content.ok()) {
    return absl::NotFoundError(absl::StrCat("cannot read token key file ", path));
  }
  std::string key(absl::StripTrailingAsciiWhitespace(*content));
  if (key.size() < kMinTokenKeyBytes) {
    return absl::FailedPreconditionError(
        absl::StrCat("token key file ", path, " holds ", key.size(),
                     " bytes; at least ", kMinTokenKeyBytes,
                     " are needed (e.g. openssl rand -hex 32 > ", path, ")"));
  }
  return key;
}

}  // namespace svcup
