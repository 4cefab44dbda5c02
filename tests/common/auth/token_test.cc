// Bearer tokens: EdDSA JWTs, checked against a key set with RFC 8037's test vectors, and every
// way a token can be refused.
#include "common/auth/token.h"

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/validation.h"
#include "common/auth/key_set.h"
#include "common/auth/signing_key.h"
#include "tests/testing/test_keys.h"

namespace svcup {
namespace {

using testing::TestIssuerKey;
using testing::TestKeySet;
using testing::TestServiceKey;

const absl::Time kNow = absl::FromUnixSeconds(1521000000);  // 2018-03-14T04:00:00Z

TokenClaims Claims(std::string org, v1::Role role, absl::Duration ttl = absl::Hours(1)) {
  return TokenClaims{std::move(org), role, "tester", kNow, kNow + ttl};
}

std::string Base64Url(absl::string_view data) { return absl::WebSafeBase64Escape(data); }

std::string Decode(absl::string_view part) {
  std::string out;
  absl::WebSafeBase64Unescape(part, &out);
  return out;
}

// A token with the given header and claims JSON, signed by `key`.
std::string SignedToken(const SigningKey& key, absl::string_view header, absl::string_view claims) {
  const std::string input = absl::StrCat(Base64Url(header), ".", Base64Url(claims));
  return absl::StrCat(input, ".", Base64Url(key.Sign(input)));
}

std::string RejectionOf(absl::string_view token, const TokenRules& rules = {}) {
  auto claims = VerifyToken(TestKeySet(), token, kNow, rules);
  EXPECT_FALSE(claims.ok());
  if (claims.ok()) return "accepted";
  EXPECT_EQ(claims.status().code(), absl::StatusCode::kUnauthenticated);
  return std::string(claims.status().message());
}

// RFC 8037 appendix A: the key's thumbprint (A.3) and a signature it made (A.4).
TEST(Ed25519, MatchesTheRfc8037TestVectors) {
  std::string public_key;
  ASSERT_TRUE(
      absl::WebSafeBase64Unescape("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", &public_key));
  EXPECT_EQ(Ed25519Thumbprint(public_key), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  const std::string signature = Decode(
      "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
  const std::string input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
  EXPECT_TRUE(VerifyEd25519(public_key, input, signature));
  EXPECT_FALSE(VerifyEd25519(public_key, input + "x", signature));
}

TEST(SigningKey, SurvivesPemAndRefusesOtherKeys) {
  const SigningKey& key = TestIssuerKey();
  auto again = SigningKey::FromPem(key.Pem());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->key_id(), key.key_id());
  EXPECT_EQ(again->public_key(), key.public_key());
  EXPECT_EQ(SigningKey::FromPem("not a key").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Token, IsAStandardEdDsaJwtThatRoundTrips) {
  auto token = MintToken(TestIssuerKey(), Claims("dpo-taipei", v1::ROLE_AGENCY_HEAD));
  ASSERT_TRUE(token.ok()) << token.status();
  const std::vector<std::string> parts = absl::StrSplit(*token, '.');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(Decode(parts[0]),
            absl::StrCat(R"({"alg":"EdDSA","typ":"JWT","kid":")", TestIssuerKey().key_id(), "\"}"));
  EXPECT_EQ(Decode(parts[1]),
            R"({"iss":"svcup","sub":"tester","aud":"svcup","iat":1521000000,"nbf":1521000000,)"
            R"("exp":1521003600,"org":"dpo-taipei","role":"ROLE_AGENCY_HEAD"})");
  auto claims = VerifyToken(TestKeySet(), *token, kNow + absl::Minutes(5));
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->organisation, "dpo-taipei");
  EXPECT_EQ(claims->role, v1::ROLE_AGENCY_HEAD);
  EXPECT_EQ(claims->subject, "tester");
  EXPECT_EQ(claims->issued_at, kNow);
  EXPECT_EQ(claims->expires_at, kNow + absl::Hours(1));
}

// Tokens from another issuer: other members and an audience list are fine.
TEST(Token, AcceptsOtherIssuersFormsOfTheSameClaims) {
  const std::string token = SignedToken(
      TestIssuerKey(), absl::StrCat(R"({"kid":")", TestIssuerKey().key_id(), R"(","alg":"EdDSA"})"),
      R"({"sub":"lin","aud":["portal","svcup"],"iat":1521000000,"exp":1521000600,)"
      R"("org":"moj","role":"ROLE_MINISTRY_OFFICER","jti":"x1","email":"lin@moj.gov.tw"})");
  auto claims = VerifyToken(TestKeySet(), token, kNow);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->organisation, "moj");
}

TEST(Token, RefusesForgeriesAndOtherAlgorithms) {
  const std::string token =
      *MintToken(TestIssuerKey(), Claims("dpo-taipei", v1::ROLE_AGENCY_STAFF));
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  // A key the services do not hold.
  const SigningKey stranger = *SigningKey::Generate();
  EXPECT_EQ(RejectionOf(*MintToken(stranger, Claims("moj", v1::ROLE_MINISTRY_OFFICER))),
            absl::StrCat("bearer token rejected: signed by key ", Quote(stranger.key_id()),
                         ", which is not in the key set (unknown or retired)"));
  // The same, naming the issuer's key id.
  const std::string header = Decode(parts[0]);
  EXPECT_EQ(RejectionOf(SignedToken(stranger, header, Decode(parts[1]))),
            "bearer token rejected: signature does not match (forged, or altered after signing)");
  // A head's claims under the staff token's signature.
  const std::string head = *MintToken(TestIssuerKey(), Claims("dpo-taipei", v1::ROLE_AGENCY_HEAD));
  EXPECT_EQ(RejectionOf(head.substr(0, head.rfind('.')) + token.substr(token.rfind('.'))),
            "bearer token rejected: signature does not match (forged, or altered after signing)");
  // alg "none" and HMAC (the classic confusion attacks).
  EXPECT_EQ(RejectionOf(absl::StrCat(Base64Url(R"({"alg":"none"})"), ".", parts[1], ".")),
            "bearer token rejected: algorithm \"none\" is not accepted; tokens are signed with "
            "EdDSA");
  EXPECT_EQ(RejectionOf(SignedToken(TestIssuerKey(), R"({"alg":"HS256"})", Decode(parts[1]))),
            "bearer token rejected: algorithm \"HS256\" is not accepted; tokens are signed with "
            "EdDSA");
  EXPECT_EQ(RejectionOf(SignedToken(TestIssuerKey(),
                                    absl::StrCat(R"({"alg":"EdDSA","crit":["b64"],"kid":")",
                                                 TestIssuerKey().key_id(), "\"}"),
                                    Decode(parts[1]))),
            "bearer token rejected: critical header extensions not understood");
  // The signature spelled another way (a low bit base64url leaves unused): one token, one form.
  std::string respelled = token;
  // 64 bytes leave the last character's low four bits unused: it is one of A, Q, g, w.
  respelled.back() = static_cast<char>(respelled.back() + 1);  // B, R, h, x: same bytes
  EXPECT_EQ(RejectionOf(respelled),
            "bearer token rejected: signature does not match (forged, or altered after signing)");
  EXPECT_EQ(RejectionOf("v1.abc.def.ghi"),
            "bearer token rejected: not a JWT (header.claims.signature)");
  EXPECT_EQ(RejectionOf(std::string(5000, 'a')), "bearer token rejected: longer than 4096 bytes");
  EXPECT_EQ(RejectionOf("e30.e30.e30"),
            "bearer token rejected: algorithm \"\" is not accepted; "
            "tokens are signed with EdDSA");
}

TEST(Token, ChecksTimeAudienceAndLifetime) {
  const std::string token =
      *MintToken(TestIssuerKey(), Claims("dpo-taipei", v1::ROLE_AGENCY_STAFF));
  auto expired = VerifyToken(TestKeySet(), token, kNow + absl::Hours(1));
  EXPECT_EQ(expired.status().message(),
            "bearer token rejected: expired at 2018-03-14T05:00:00Z; mint a new one");
  // Issued further in the future than clocks may disagree.
  EXPECT_EQ(VerifyToken(TestKeySet(), token, kNow - absl::Minutes(2)).status().message(),
            "bearer token rejected: not valid before 2018-03-14T04:00:00Z (issued in the future)");
  EXPECT_TRUE(VerifyToken(TestKeySet(), token, kNow - absl::Seconds(30)).ok());
  TokenRules other_audience;
  other_audience.audience = "another-suite";
  EXPECT_EQ(RejectionOf(token, other_audience),
            "bearer token rejected: not for this audience (aud must name \"another-suite\")");
  const std::string long_lived = *MintToken(
      TestIssuerKey(), Claims("dpo-taipei", v1::ROLE_AGENCY_STAFF, absl::Hours(24 * 30)));
  EXPECT_EQ(RejectionOf(long_lived),
            "bearer token rejected: lives longer than the 24h allowed (exp - iat); mint a "
            "shorter one");
  const std::string no_expiry = SignedToken(
      TestIssuerKey(), absl::StrCat(R"({"alg":"EdDSA","kid":")", TestIssuerKey().key_id(), "\"}"),
      R"({"sub":"x","aud":"svcup","iat":1521000000,"org":"moj",)"
      R"("role":"ROLE_MINISTRY_OFFICER"})");
  EXPECT_EQ(RejectionOf(no_expiry), "bearer token rejected: iat and exp are required");
}

// No key signs more than it should: a service's key signs only that service, and a service
// identity needs the service's own key.
TEST(Token, KeysSignOnlyTheIdentitiesTheyMay) {
  auto reviews = VerifyToken(
      TestKeySet(), *MintToken(TestServiceKey("reviews"), Claims("svc-reviews", v1::ROLE_SERVICE)),
      kNow);
  ASSERT_TRUE(reviews.ok()) << reviews.status();
  EXPECT_EQ(reviews->organisation, "svc-reviews");
  const std::string reports_key = TestServiceKey("reports").key_id();
  EXPECT_EQ(
      RejectionOf(*MintToken(TestServiceKey("reports"), Claims("svc-reviews", v1::ROLE_SERVICE))),
      absl::StrCat("bearer token rejected: key ", reports_key,
                   " belongs to service reports and may sign only its identity "
                   "(svc-reports, ROLE_SERVICE)"));
  EXPECT_EQ(
      RejectionOf(*MintToken(TestServiceKey("reports"), Claims("moj", v1::ROLE_MINISTRY_OFFICER))),
      absl::StrCat("bearer token rejected: key ", reports_key,
                   " belongs to service reports and may sign only its identity "
                   "(svc-reports, ROLE_SERVICE)"));
  EXPECT_EQ(RejectionOf(*MintToken(TestIssuerKey(), Claims("svc-reviews", v1::ROLE_SERVICE))),
            "bearer token rejected: a service identity must be signed by that service's own "
            "key, not the issuer's");
}

TEST(Token, MintingChecksItsClaims) {
  EXPECT_EQ(MintToken(TestIssuerKey(), Claims("moj", v1::ROLE_PUBLIC)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MintToken(TestIssuerKey(), Claims("MOJ!", v1::ROLE_MINISTRY_OFFICER)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      MintToken(TestIssuerKey(), Claims("moj", v1::ROLE_MINISTRY_OFFICER), "a\"b").status().code(),
      absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace svcup
