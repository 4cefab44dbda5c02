#include "common/auth/trusted_keys.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/files.h"
#include "common/server/log.h"

namespace svcup {

TrustedKeys::TrustedKeys(std::string path, absl::Duration recheck_interval, KeySet keys)
    : path_(std::move(path)),
      recheck_interval_(recheck_interval),
      keys_(std::make_shared<const KeySet>(std::move(keys))),
      next_check_(absl::Now() + recheck_interval) {}

std::shared_ptr<TrustedKeys> TrustedKeys::Fixed(KeySet keys) {
  return std::shared_ptr<TrustedKeys>(
      new TrustedKeys("", absl::InfiniteDuration(), std::move(keys)));
}

absl::StatusOr<std::shared_ptr<TrustedKeys>> TrustedKeys::Watch(std::string path,
                                                                absl::Duration recheck_interval) {
  struct stat info = {};
  const bool present = stat(path.c_str(), &info) == 0;
  auto json = ReadFile(path);
  if (!present || !json.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("token key set ", path,
                     " cannot be read; write the issuer's public keys there with: "
                     "svcup token keygen --jwks_file=",
                     path));
  }
  auto keys = KeySet::ParseJwks(*json);
  if (!keys.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": ", keys.status().message()));
  }
  std::shared_ptr<TrustedKeys> trusted(
      new TrustedKeys(std::move(path), recheck_interval, std::move(*keys)));
  absl::MutexLock lock(&trusted->mu_);
  trusted->modified_ = info.st_mtim;
  trusted->size_ = info.st_size;
  return trusted;
}

std::shared_ptr<const KeySet> TrustedKeys::Current() {
  absl::MutexLock lock(&mu_);
  if (!path_.empty() && absl::Now() >= next_check_) {
    next_check_ = absl::Now() + recheck_interval_;
    ReloadIfChanged();
  }
  return keys_;
}

void TrustedKeys::ReloadIfChanged() {
  struct stat info = {};
  if (stat(path_.c_str(), &info) != 0) return;  // being replaced: keep the last good set
  if (info.st_size == size_ && info.st_mtim.tv_sec == modified_.tv_sec &&
      info.st_mtim.tv_nsec == modified_.tv_nsec) {
    return;
  }
  modified_ = info.st_mtim;
  size_ = info.st_size;
  auto json = ReadFile(path_);
  absl::StatusOr<KeySet> keys =
      json.ok() ? KeySet::ParseJwks(*json) : absl::StatusOr<KeySet>(json.status());
  if (!keys.ok()) {
    Log("error", "token key set changed but cannot be used; keeping the previous keys",
        {{"path", path_}, {"error", std::string(keys.status().message())}});
    return;
  }
  Log("info", "token key set reloaded", {{"path", path_}, {"keys", absl::StrCat(keys->size())}});
  keys_ = std::make_shared<const KeySet>(std::move(*keys));
}

}  // namespace svcup
