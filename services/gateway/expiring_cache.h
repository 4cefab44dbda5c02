// A small cache of answers that change rarely (the published plans the portal shows): each entry
// is kept for a fixed time, at most a fixed number of entries, the oldest dropped first. The
// portal serves the public, so a page view must not become a fan of calls to the plans service.
#ifndef SVCUP_SERVICES_GATEWAY_EXPIRING_CACHE_H_
#define SVCUP_SERVICES_GATEWAY_EXPIRING_CACHE_H_

#include <functional>
#include <map>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace svcup::gateway {

// Values by key, each for `lifetime` after it was fetched. Thread-safe; failures are not kept.
template <typename Key, typename Value>
class ExpiringCache {
 public:
  ExpiringCache(absl::Duration lifetime, size_t max_entries)
      : lifetime_(lifetime), max_entries_(max_entries) {}

  // The kept value of `key`, or `fetch()`'s, kept if it succeeded.
  absl::StatusOr<std::shared_ptr<const Value>> Get(
      const Key& key, const std::function<absl::StatusOr<Value>()>& fetch) {
    const absl::Time now = absl::Now();
    {
      absl::MutexLock lock(&mu_);
      auto it = entries_.find(key);
      if (it != entries_.end() && now - it->second.fetched < lifetime_) return it->second.value;
    }
    absl::StatusOr<Value> fetched = fetch();  // outside the lock: a slow fetch blocks no other key
    if (!fetched.ok()) return fetched.status();
    auto value = std::make_shared<const Value>(std::move(*fetched));
    absl::MutexLock lock(&mu_);
    if (entries_.size() >= max_entries_ && !entries_.contains(key)) {
      auto oldest = entries_.begin();
      for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if (it->second.fetched < oldest->second.fetched) oldest = it;
      }
      entries_.erase(oldest);
    }
    entries_[key] = {value, now};
    return value;
  }

 private:
  struct Entry {
    std::shared_ptr<const Value> value;
    absl::Time fetched;
  };
  const absl::Duration lifetime_;
  const size_t max_entries_;
  absl::Mutex mu_;
  std::map<Key, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_EXPIRING_CACHE_H_
