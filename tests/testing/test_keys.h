// The signing keys every test shares: one token issuer's and one per service, generated once
// per test process, the key set holding their public halves, and bearer tokens signed by them.
#ifndef SVCUP_TESTS_TESTING_TEST_KEYS_H_
#define SVCUP_TESTS_TESTING_TEST_KEYS_H_

#include <map>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/auth/key_set.h"
#include "common/auth/signing_key.h"
#include "common/auth/token.h"
#include "common/auth/trusted_keys.h"
#include "tests/testing/temp_dir.h"

namespace svcup::testing {

// The services of the suite that own a signing key.
inline constexpr const char* kKeyedServices[] = {"plans", "reports", "reviews"};

// The token issuer's key.
inline const SigningKey& TestIssuerKey() {
  static const SigningKey* key = new SigningKey(*SigningKey::Generate());
  return *key;
}

// Service `service`'s own key ("reports").
inline const SigningKey& TestServiceKey(const std::string& service) {
  static const auto* keys = [] {
    auto* made = new std::map<std::string, SigningKey>();
    for (const char* name : kKeyedServices) made->emplace(name, *SigningKey::Generate());
    return made;
  }();
  return keys->at(service);
}

// The key set of the issuer's and the services' public keys.
inline const KeySet& TestKeySet() {
  static const KeySet* set = [] {
    auto* made = new KeySet();
    (void)made->Add(TestIssuerKey());
    for (const char* name : kKeyedServices) (void)made->Add(TestServiceKey(name), name);
    return made;
  }();
  return *set;
}

// The key set, as an authenticator takes it.
inline std::shared_ptr<TrustedKeys> TestTrustedKeys() { return TrustedKeys::Fixed(TestKeySet()); }

// The token rules of the in-process fixtures: tokens may live a year, as their fake clocks move
// across a reporting year while a test's tokens stay in hand.
inline TokenRules TestTokenRules() {
  TokenRules rules;
  rules.max_lifetime = absl::Hours(24 * 366);
  return rules;
}

// Writes the key set (jwks.json) and the services' keys (<service>.key, 0600) into `dir`, where
// the service binaries look for them by default.
inline void WriteTestKeys(const std::string& dir) {
  WriteSecretFile(dir + "/jwks.json", TestKeySet().ToJwks());
  for (const char* name : kKeyedServices) {
    WriteSecretFile(absl::StrCat(dir, "/", name, ".key"), TestServiceKey(name).Pem());
  }
}

// A bearer token for (organisation code, role), valid for `ttl` (a day) from `now`, signed by
// the issuer, or for a service identity ("svc-reviews") by that service's key.
inline std::string TokenFor(const std::string& org, v1::Role role, absl::Time now,
                            const std::string& subject = "tester",
                            absl::Duration ttl = absl::Hours(24)) {
  const bool service = role == v1::ROLE_SERVICE && absl::StartsWith(org, "svc-") &&
                       (org == "svc-plans" || org == "svc-reports" || org == "svc-reviews");
  const SigningKey& key = service ? TestServiceKey(org.substr(4)) : TestIssuerKey();
  return *MintToken(key, {org, role, subject, now, now + ttl});
}

}  // namespace svcup::testing

#endif  // SVCUP_TESTS_TESTING_TEST_KEYS_H_
