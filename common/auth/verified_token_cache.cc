#include "common/auth/verified_token_cache.h"

namespace svcup {

std::optional<TokenClaims> VerifiedTokenCache::Find(absl::string_view token,
                                                    const std::shared_ptr<const KeySet>& keys,
                                                    absl::Time now, absl::Duration clock_skew) {
  absl::MutexLock lock(&mu_);
  if (keys != keys_) return std::nullopt;
  auto it = entries_.find(token);
  if (it == entries_.end()) return std::nullopt;
  const TokenClaims& claims = it->second;
  if (now >= claims.expires_at || claims.issued_at > now + clock_skew) return std::nullopt;
  return claims;
}

void VerifiedTokenCache::Insert(absl::string_view token, const std::shared_ptr<const KeySet>& keys,
                                const TokenClaims& claims) {
  absl::MutexLock lock(&mu_);
  if (keys != keys_ || entries_.size() >= capacity_) {
    entries_.clear();  // another key set (reloaded: retired keys must stop working), or full
    keys_ = keys;
  }
  entries_.emplace(std::string(token), claims);
}

}  // namespace svcup
