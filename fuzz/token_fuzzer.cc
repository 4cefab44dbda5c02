// Bearer tokens and key sets on arbitrary bytes. Inputs starting with '!' are a header and claims
// (two JSON documents on two lines, after the '!') that the fuzzer signs with a fixed key, so that
// claim parsing and checking are reached past the signature; other inputs are verified as tokens as
// sent, and parsed as a key set. Nothing crashes; a token verifies only if the key signed it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/auth/key_set.h"
#include "common/auth/signing_key.h"
#include "common/auth/token.h"

namespace {

// The Ed25519 key of RFC 8037 appendix A.1, as PKCS #8.
constexpr char kKeyPem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const svcup::SigningKey* key = new svcup::SigningKey(*svcup::SigningKey::FromPem(kKeyPem));
  static const svcup::KeySet* keys = [] {
    auto* set = new svcup::KeySet();
    (void)set->Add(*key);
    return set;
  }();
  const std::string input(reinterpret_cast<const char*>(data), size);
  const absl::Time now = absl::FromUnixSeconds(1530000000);
  if (!input.empty() && input[0] == '!') {
    const size_t newline = input.find('\n');
    const std::string header =
        input.substr(1, newline == std::string::npos ? newline : newline - 1);
    const std::string claims = newline == std::string::npos ? "" : input.substr(newline + 1);
    const std::string signing_input =
        absl::StrCat(absl::WebSafeBase64Escape(header), ".", absl::WebSafeBase64Escape(claims));
    auto verified = svcup::VerifyToken(
        *keys,
        absl::StrCat(signing_input, ".", absl::WebSafeBase64Escape(key->Sign(signing_input))), now);
    // What verifies must be claims the key could mint again.
    if (verified.ok() && !svcup::MintToken(*key, *verified).ok()) std::abort();
    return 0;
  }
  if (svcup::VerifyToken(*keys, input, now).ok()) std::abort();  // the fuzzer cannot sign
  (void)svcup::KeySet::ParseJwks(input);
  return 0;
}
