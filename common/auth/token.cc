#include "common/auth/token.h"

#include <google/protobuf/util/json_util.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/names.h"
#include "common/api/validation.h"
#include "common/status/macros.h"
#include "svcup/internal/jose.pb.h"

namespace svcup {
namespace {

// Tokens longer than this are refused before any parsing (a real one is about 400 bytes).
constexpr size_t kMaxTokenBytes = 4096;

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("bearer token rejected: ", why));
}

std::string FormatInstant(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

// Decodes base64url without padding, in its one canonical spelling only (unused low bits zero),
// so a token has exactly one form.
bool DecodeCanonical(absl::string_view part, std::string* out) {
  return absl::WebSafeBase64Unescape(part, out) && absl::WebSafeBase64Escape(*out) == part;
}

// Decodes one base64url part of a token into `message` from its JSON.
bool DecodePart(absl::string_view part, google::protobuf::Message* message) {
  std::string json;
  if (!DecodeCanonical(part, &json)) return false;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // other registered or private claims are allowed
  return google::protobuf::util::JsonStringToMessage(json, message, options).ok();
}

bool NamesAudience(const google::protobuf::Value& aud, absl::string_view audience) {
  if (aud.kind_case() == google::protobuf::Value::kStringValue) {
    return aud.string_value() == audience;
  }
  if (aud.kind_case() == google::protobuf::Value::kListValue) {
    for (const auto& value : aud.list_value().values()) {
      if (value.kind_case() == google::protobuf::Value::kStringValue &&
          value.string_value() == audience) {
        return true;
      }
    }
  }
  return false;
}

// Whether a token signed by `key` may claim `claims`: a service's own key signs only that
// service's identity, and a service identity is signed only by the service's own key.
absl::Status CheckKeyMayClaim(const VerificationKey& key, const TokenClaims& claims) {
  if (!key.service.empty()) {
    if (claims.organisation != ServiceOrganisation(key.service) ||
        claims.role != v1::ROLE_SERVICE) {
      return Unauthenticated(absl::StrCat("key ", key.key_id, " belongs to service ", key.service,
                                          " and may sign only its identity (",
                                          ServiceOrganisation(key.service), ", ROLE_SERVICE)"));
    }
  } else if (claims.role == v1::ROLE_SERVICE) {
    return Unauthenticated(
        "a service identity must be signed by that service's own key, not the issuer's");
  }
  return absl::OkStatus();
}

absl::Status CheckClaims(const TokenClaims& claims) {
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
  return absl::OkStatus();
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

std::string ServiceOrganisation(absl::string_view service) { return absl::StrCat("svc-", service); }

absl::StatusOr<std::string> MintToken(const SigningKey& key, const TokenClaims& claims,
                                      absl::string_view audience) {
  RETURN_IF_ERROR(CheckClaims(claims));
  if (audience.empty() || audience.size() > 128 ||
      audience.find_first_of("\"\\") != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        "audience: must be 1..128 characters without quotes or backslashes");
  }
  // Every value is checked above to need no JSON escaping (codes, subjects, enum names).
  const std::string header =
      absl::StrCat(R"({"alg":"EdDSA","typ":"JWT","kid":")", key.key_id(), "\"}");
  const int64_t iat = absl::ToUnixSeconds(claims.issued_at);
  const std::string payload = absl::StrCat(
      R"({"iss":"svcup","sub":")", claims.subject, R"(","aud":")", audience, R"(","iat":)", iat,
      R"(,"nbf":)", iat, R"(,"exp":)", absl::ToUnixSeconds(claims.expires_at), R"(,"org":")",
      claims.organisation, R"(","role":")", v1::Role_Name(claims.role), "\"}");
  const std::string signing_input =
      absl::StrCat(absl::WebSafeBase64Escape(header), ".", absl::WebSafeBase64Escape(payload));
  return absl::StrCat(signing_input, ".", absl::WebSafeBase64Escape(key.Sign(signing_input)));
}

absl::StatusOr<TokenClaims> VerifyToken(const KeySet& keys, absl::string_view token, absl::Time now,
                                        const TokenRules& rules) {
  if (token.size() > kMaxTokenBytes) {
    return Unauthenticated(absl::StrCat("longer than ", kMaxTokenBytes, " bytes"));
  }
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return Unauthenticated("not a JWT (header.claims.signature)");
  internal::JoseHeader header;
  if (!DecodePart(parts[0], &header)) return Unauthenticated("malformed header");
  if (header.alg() != "EdDSA") {
    return Unauthenticated(absl::StrCat("algorithm ", Quote(header.alg()),
                                        " is not accepted; tokens are signed with EdDSA"));
  }
  if (header.crit_size() > 0) return Unauthenticated("critical header extensions not understood");
  const VerificationKey* key = keys.Find(header.kid());
  if (key == nullptr) {
    return Unauthenticated(absl::StrCat("signed by key ", Quote(header.kid()),
                                        ", which is not in the key set (unknown or retired)"));
  }
  std::string signature;
  const absl::string_view signing_input = token.substr(0, parts[0].size() + 1 + parts[1].size());
  if (!DecodeCanonical(parts[2], &signature) ||
      !VerifyEd25519(key->public_key, signing_input, signature)) {
    return Unauthenticated("signature does not match (forged, or altered after signing)");
  }
  internal::JwtClaims jwt;
  if (!DecodePart(parts[1], &jwt)) return Unauthenticated("malformed claims");
  TokenClaims claims;
  claims.organisation = jwt.org();
  claims.subject = jwt.sub();
  if (!v1::Role_Parse(jwt.role(), &claims.role)) claims.role = v1::ROLE_UNSPECIFIED;
  if (jwt.iat() == 0 || jwt.exp() == 0) return Unauthenticated("iat and exp are required");
  claims.issued_at = absl::FromUnixSeconds(jwt.iat());
  claims.expires_at = absl::FromUnixSeconds(jwt.exp());
  if (auto valid = CheckClaims(claims); !valid.ok()) return Unauthenticated(valid.message());
  if (!NamesAudience(jwt.aud(), rules.audience)) {
    return Unauthenticated(
        absl::StrCat("not for this audience (aud must name ", Quote(rules.audience), ")"));
  }
  if (claims.expires_at - claims.issued_at > rules.max_lifetime) {
    return Unauthenticated(absl::StrCat("lives longer than the ",
                                        absl::FormatDuration(rules.max_lifetime),
                                        " allowed (exp - iat); mint a shorter one"));
  }
  if (claims.issued_at > now + rules.clock_skew ||
      absl::FromUnixSeconds(jwt.nbf()) > now + rules.clock_skew) {
    return Unauthenticated(
        absl::StrCat("not valid before ",
                     FormatInstant(std::max(claims.issued_at, absl::FromUnixSeconds(jwt.nbf()))),
                     " (issued in the future)"));
  }
  if (now >= claims.expires_at) {
    return Unauthenticated(
        absl::StrCat("expired at ", FormatInstant(claims.expires_at), "; mint a new one"));
  }
  RETURN_IF_ERROR(CheckKeyMayClaim(*key, claims));
  return claims;
}

}  // namespace svcup
