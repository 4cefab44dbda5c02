// An Ed25519 private key that signs bearer tokens: the token issuer's (held by `svcup token`
// only) or one service's own (held by that service only). Services verify with the public
// halves, listed in a key set (key_set.h).
#ifndef SVCUP_COMMON_AUTH_SIGNING_KEY_H_
#define SVCUP_COMMON_AUTH_SIGNING_KEY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace svcup {

// Immutable and thread-safe; cheap to copy (the key is shared).
class SigningKey {
 public:
  // A fresh key from the system's random source.
  static absl::StatusOr<SigningKey> Generate();

  // The key in a PEM "PRIVATE KEY" (PKCS #8) block, as `openssl genpkey -algorithm ed25519`
  // writes it. INVALID_ARGUMENT when it is not an Ed25519 private key.
  static absl::StatusOr<SigningKey> FromPem(absl::string_view pem);

  // Reads a PEM key file that only its owner may read (ReadSecretFile): FAILED_PRECONDITION,
  // saying what to do, when it is missing, readable by others or not an Ed25519 key.
  static absl::StatusOr<SigningKey> ReadFile(const std::string& path);

  // The private key as PEM (PKCS #8).
  std::string Pem() const;

  // The 32-byte raw public key.
  const std::string& public_key() const { return public_key_; }

  // The key's id: its RFC 7638 JWK thumbprint (base64url of SHA-256), stable for the key.
  const std::string& key_id() const { return key_id_; }

  // The 64-byte Ed25519 signature of `data`.
  std::string Sign(absl::string_view data) const;

 private:
  struct PkeyDeleter {
    void operator()(void* pkey) const;
  };
  explicit SigningKey(void* pkey);

  std::shared_ptr<void> pkey_;  // EVP_PKEY
  std::string public_key_;
  std::string key_id_;
};

// The RFC 7638 thumbprint of the Ed25519 public key `public_key` (32 raw bytes).
std::string Ed25519Thumbprint(absl::string_view public_key);

// Whether `signature` is `public_key`'s Ed25519 signature of `data`.
bool VerifyEd25519(absl::string_view public_key, absl::string_view data,
                   absl::string_view signature);

}  // namespace svcup

#endif  // SVCUP_COMMON_AUTH_SIGNING_KEY_H_
