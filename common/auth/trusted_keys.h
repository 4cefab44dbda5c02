// The key set a service verifies tokens with, either fixed or read from a JWKS file that is
// re-read when it changes, so keys rotate without a restart and without a gap (add the new key,
// switch the issuer to it, remove the old key once its tokens have expired).
#ifndef SVCUP_COMMON_AUTH_TRUSTED_KEYS_H_
#define SVCUP_COMMON_AUTH_TRUSTED_KEYS_H_

#include <sys/stat.h>

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/key_set.h"

namespace svcup {

// Thread-safe.
class TrustedKeys {
 public:
  // A set that never changes (tests, tools).
  static std::shared_ptr<TrustedKeys> Fixed(KeySet keys);

  // The set in the JWKS file at `path`, which is checked for changes at most once per
  // `recheck_interval`. FAILED_PRECONDITION, saying what to do, when it cannot be read or parsed.
  static absl::StatusOr<std::shared_ptr<TrustedKeys>> Watch(
      std::string path, absl::Duration recheck_interval = absl::Seconds(1));

  // The current set. After the file changes, the new set once it parses; a file that no longer
  // parses keeps the last good set (and is logged once per change).
  std::shared_ptr<const KeySet> Current();

 private:
  TrustedKeys(std::string path, absl::Duration recheck_interval, KeySet keys);

  // Re-reads the file if its size or modification time changed.
  void ReloadIfChanged() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string path_;  // "" for a fixed set
  const absl::Duration recheck_interval_;
  absl::Mutex mu_;
  std::shared_ptr<const KeySet> keys_ ABSL_GUARDED_BY(mu_);
  absl::Time next_check_ ABSL_GUARDED_BY(mu_);
  struct timespec modified_ ABSL_GUARDED_BY(mu_) = {};
  off_t size_ ABSL_GUARDED_BY(mu_) = -1;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_AUTH_TRUSTED_KEYS_H_
