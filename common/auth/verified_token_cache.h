// Tokens already verified, so that a caller's next calls skip the Ed25519 signature check and
// the JSON parsing (most of the cost of authenticating a call). An entry is used only with the
// same key set it was verified against (a reloaded set empties the cache, so a retired key stops
// working at once) and only while the token is within its validity; the cache is bounded.
#ifndef SVCUP_COMMON_AUTH_VERIFIED_TOKEN_CACHE_H_
#define SVCUP_COMMON_AUTH_VERIFIED_TOKEN_CACHE_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/key_set.h"
#include "common/auth/token.h"

namespace svcup {

// Thread-safe.
class VerifiedTokenCache {
 public:
  // At most `capacity` tokens are kept; when full, the cache starts again empty.
  explicit VerifiedTokenCache(size_t capacity = 10000) : capacity_(capacity) {}

  // The claims `token` was verified to carry against `keys`, if it was and is still valid at
  // `now` (issued no later than `now` + `clock_skew`, not expired).
  std::optional<TokenClaims> Find(absl::string_view token,
                                  const std::shared_ptr<const KeySet>& keys, absl::Time now,
                                  absl::Duration clock_skew);

  // Remembers that `token` verified against `keys` with `claims`.
  void Insert(absl::string_view token, const std::shared_ptr<const KeySet>& keys,
              const TokenClaims& claims);

 private:
  const size_t capacity_;
  absl::Mutex mu_;
  // The set the entries were verified with, held so that its address is never reused while
  // entries refer to it.
  std::shared_ptr<const KeySet> keys_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, TokenClaims> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace svcup

#endif  // SVCUP_COMMON_AUTH_VERIFIED_TOKEN_CACHE_H_
