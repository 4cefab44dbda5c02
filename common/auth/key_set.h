// The public keys that verify bearer tokens, as a JSON Web Key Set (RFC 7517) of Ed25519 keys
// (RFC 8037). The set is public: services hold it, never the private keys.
#ifndef SVCUP_COMMON_AUTH_KEY_SET_H_
#define SVCUP_COMMON_AUTH_KEY_SET_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/signing_key.h"

namespace svcup {

// One public key and what it may sign.
struct VerificationKey {
  // The id tokens name in their header.
  std::string key_id;
  // The 32-byte raw Ed25519 public key.
  std::string public_key;
  // "" for the token issuer's keys; else the one service whose identity the key may sign.
  std::string service;
};

// A value type; not thread-safe to modify, safe to read from many threads.
class KeySet {
 public:
  // Parses a JWKS document. INVALID_ARGUMENT, naming the key and the rule, for malformed JSON,
  // a key that is not an Ed25519 public key, a repeated kid or an empty set.
  static absl::StatusOr<KeySet> ParseJwks(absl::string_view json);

  // The set as a JWKS document (one key per line, in kid order).
  std::string ToJwks() const;

  // Adds the public half of `key`; `service` as in VerificationKey. ALREADY_EXISTS when the
  // set holds its id.
  absl::Status Add(const SigningKey& key, absl::string_view service = "");

  // Removes the key `key_id`: tokens it signed stop verifying. NOT_FOUND when absent.
  absl::Status Remove(absl::string_view key_id);

  // The key `key_id`, or nullptr.
  const VerificationKey* Find(absl::string_view key_id) const;

  // How many keys the set holds.
  size_t size() const { return keys_.size(); }

 private:
  std::map<std::string, VerificationKey, std::less<>> keys_;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_AUTH_KEY_SET_H_
