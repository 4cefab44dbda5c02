#include "common/auth/key_set.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/api/names.h"
#include "common/api/validation.h"
#include "svcup/internal/jose.pb.h"

namespace svcup {
namespace {

// Key ids are printable and short: they travel in every token header.
bool IsKeyId(absl::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (c <= ' ' || c > '~' || c == '"' || c == '\\') return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<KeySet> KeySet::ParseJwks(absl::string_view json) {
  internal::JsonWebKeySet document;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // other JWK members (e.g. "x5c") are allowed
  if (auto parsed =
          google::protobuf::util::JsonStringToMessage(std::string(json), &document, options);
      !parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("key set: not a JWKS document: ", Quote(parsed.message().as_string())));
  }
  KeySet set;
  for (int i = 0; i < document.keys_size(); ++i) {
    const internal::JsonWebKey& jwk = document.keys(i);
    const std::string where = absl::StrCat("key set: keys[", i, "]");
    if (!IsKeyId(jwk.kid())) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ".kid: must be 1..128 printable characters"));
    }
    if (jwk.kty() != "OKP" || jwk.crv() != "Ed25519" ||
        (!jwk.alg().empty() && jwk.alg() != "EdDSA") ||
        (!jwk.use().empty() && jwk.use() != "sig")) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, " (", Quote(jwk.kid()),
          "): must be an Ed25519 signing key (kty OKP, crv Ed25519, alg EdDSA, use sig)"));
    }
    VerificationKey key{jwk.kid(), "", jwk.svcup_service()};
    if (!absl::WebSafeBase64Unescape(jwk.x(), &key.public_key) || key.public_key.size() != 32) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ".x (", Quote(jwk.kid()), "): must be 32 bytes in base64url"));
    }
    if (!key.service.empty()) {
      if (auto ok = CheckOrganisationCode("svcup_service", key.service); !ok.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(where, ".", ok.message()));
      }
    }
    if (!set.keys_.emplace(key.key_id, key).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ".kid: ", Quote(jwk.kid()), " appears twice"));
    }
  }
  if (set.keys_.empty()) {
    return absl::InvalidArgumentError("key set: holds no keys; no token could be verified");
  }
  return set;
}

std::string KeySet::ToJwks() const {
  std::string out = "{\"keys\": [";
  const char* separator = "\n";
  for (const auto& [id, key] : keys_) {
    // Ids are printable without quotes or backslashes (IsKeyId), service names are codes.
    absl::StrAppend(
        &out, separator, R"(  {"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", )",
        R"("use": "sig", "kid": ")", id, R"(", "x": ")", absl::WebSafeBase64Escape(key.public_key),
        "\"", key.service.empty() ? "" : absl::StrCat(R"(, "svcup_service": ")", key.service, "\""),
        "}");
    separator = ",\n";
  }
  absl::StrAppend(&out, "\n]}\n");
  return out;
}

absl::Status KeySet::Add(const SigningKey& key, absl::string_view service) {
  if (keys_.contains(key.key_id())) {
    return absl::AlreadyExistsError(absl::StrCat("key set: already holds key ", key.key_id()));
  }
  keys_.emplace(key.key_id(),
                VerificationKey{key.key_id(), key.public_key(), std::string(service)});
  return absl::OkStatus();
}

absl::Status KeySet::Remove(absl::string_view key_id) {
  auto it = keys_.find(key_id);
  if (it == keys_.end()) {
    return absl::NotFoundError(absl::StrCat("key set: holds no key ", Quote(key_id)));
  }
  keys_.erase(it);
  return absl::OkStatus();
}

const VerificationKey* KeySet::Find(absl::string_view key_id) const {
  auto it = keys_.find(key_id);
  return it == keys_.end() ? nullptr : &it->second;
}

}  // namespace svcup
