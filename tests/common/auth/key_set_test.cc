// The key set (JWKS) services verify tokens with, and its reloading from a file as keys rotate.
#include "common/auth/key_set.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/authenticator.h"
#include "common/auth/token.h"
#include "common/auth/trusted_keys.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_keys.h"

namespace svcup {
namespace {

using ::testing::HasSubstr;

TEST(KeySet, RoundTripsThroughJwks) {
  const std::string jwks = testing::TestKeySet().ToJwks();
  auto parsed = KeySet::ParseJwks(jwks);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->size(), 4u);
  EXPECT_EQ(parsed->ToJwks(), jwks);
  const VerificationKey* reports = parsed->Find(testing::TestServiceKey("reports").key_id());
  ASSERT_NE(reports, nullptr);
  EXPECT_EQ(reports->service, "reports");
  EXPECT_EQ(reports->public_key, testing::TestServiceKey("reports").public_key());
  EXPECT_EQ(parsed->Find(testing::TestIssuerKey().key_id())->service, "");
}

TEST(KeySet, RefusesWhatIsNotAnEd25519KeySet) {
  const auto refusal = [](absl::string_view json) {
    auto parsed = KeySet::ParseJwks(json);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(parsed.status().message());
  };
  EXPECT_THAT(refusal("{"), HasSubstr("key set: not a JWKS document"));
  EXPECT_EQ(refusal(R"({"keys": []})"), "key set: holds no keys; no token could be verified");
  EXPECT_EQ(refusal(R"({"keys": [{"kty": "RSA", "kid": "r1", "n": "x", "e": "AQAB"}]})"),
            "key set: keys[0] (\"r1\"): must be an Ed25519 signing key (kty OKP, crv Ed25519, "
            "alg EdDSA, use sig)");
  EXPECT_EQ(refusal(R"({"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": "k", "x": "AAAA"}]})"),
            "key set: keys[0].x (\"k\"): must be 32 bytes in base64url");
  EXPECT_EQ(refusal(R"({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "AAAA"}]})"),
            "key set: keys[0].kid: must be 1..128 printable characters");
  const std::string key = absl::StrCat(
      R"({"kty": "OKP", "crv": "Ed25519", "kid": "k", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})");
  EXPECT_EQ(refusal(absl::StrCat(R"({"keys": [)", key, ",", key, "]}")),
            "key set: keys[1].kid: \"k\" appears twice");
}

TEST(KeySet, AddsAndRemovesKeys) {
  KeySet keys;
  ASSERT_TRUE(keys.Add(testing::TestIssuerKey()).ok());
  EXPECT_EQ(keys.Add(testing::TestIssuerKey()).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(keys.Remove("nope").code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(keys.Remove(testing::TestIssuerKey().key_id()).ok());
  EXPECT_EQ(keys.size(), 0u);
}

// Rotation without a restart: a key added to the file verifies tokens once it is re-read; a key
// removed stops; a broken file keeps the last good set.
TEST(TrustedKeys, FollowTheFileAsKeysRotate) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/jwks.json";
  KeySet keys;
  ASSERT_TRUE(keys.Add(testing::TestIssuerKey()).ok());
  testing::WriteSecretFile(path, keys.ToJwks());
  auto trusted = TrustedKeys::Watch(path, absl::ZeroDuration());
  ASSERT_TRUE(trusted.ok()) << trusted.status();
  const SigningKey successor = *SigningKey::Generate();
  const absl::Time now = absl::Now();
  const std::string new_token =
      *MintToken(successor, {"moj", v1::ROLE_MINISTRY_OFFICER, "lin", now, now + absl::Hours(1)});
  EXPECT_EQ(VerifyToken(*(*trusted)->Current(), new_token, now).status().code(),
            absl::StatusCode::kUnauthenticated);

  ASSERT_TRUE(keys.Add(successor).ok());
  testing::WriteSecretFile(path, keys.ToJwks() + "\n");  // a different size: seen at once
  EXPECT_TRUE(VerifyToken(*(*trusted)->Current(), new_token, now).ok());

  testing::WriteSecretFile(path, "{\"keys\": [");
  EXPECT_TRUE(VerifyToken(*(*trusted)->Current(), new_token, now).ok());

  ASSERT_TRUE(keys.Remove(successor.key_id()).ok());
  testing::WriteSecretFile(path, keys.ToJwks());
  EXPECT_EQ(VerifyToken(*(*trusted)->Current(), new_token, now).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(TrustedKeys::Watch(dir.path() + "/none.json").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// The authenticator remembers tokens it verified, but never past their expiry, and never after
// the key that signed them left the key set.
TEST(Authenticator, RemembersVerifiedTokensOnlyWhileTheyAndTheirKeyAreValid) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/jwks.json";
  const SigningKey issuer = *SigningKey::Generate();
  const SigningKey successor = *SigningKey::Generate();
  KeySet keys;
  ASSERT_TRUE(keys.Add(issuer).ok());
  ASSERT_TRUE(keys.Add(successor).ok());
  testing::WriteSecretFile(path, keys.ToJwks());
  testing::FakeClock clock(absl::Now());
  Authenticator authenticator(*TrustedKeys::Watch(path, absl::ZeroDuration()), clock);
  const std::string header =
      "Bearer " + *MintToken(issuer, {"moj", v1::ROLE_MINISTRY_OFFICER, "lin", clock.Now(),
                                      clock.Now() + absl::Minutes(10)});
  for (int i = 0; i < 3; ++i) {  // the first verifies, the others are remembered
    auto caller = authenticator.AuthenticateHeader(header);
    ASSERT_TRUE(caller.ok()) << caller.status();
    EXPECT_EQ(caller->organisation(), "orgs/moj");
  }
  // The issuer's key is retired: its token stops working at once, cached or not.
  ASSERT_TRUE(keys.Remove(issuer.key_id()).ok());
  testing::WriteSecretFile(path, keys.ToJwks() + "\n");
  EXPECT_EQ(authenticator.AuthenticateHeader(header).status().code(),
            absl::StatusCode::kUnauthenticated);
  // A remembered token still expires.
  const std::string other =
      "Bearer " + *MintToken(successor, {"moj", v1::ROLE_MINISTRY_OFFICER, "lin", clock.Now(),
                                         clock.Now() + absl::Minutes(10)});
  ASSERT_TRUE(authenticator.AuthenticateHeader(other).ok());
  clock.Advance(absl::Minutes(11));
  EXPECT_EQ(authenticator.AuthenticateHeader(other).status().code(),
            absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace svcup
