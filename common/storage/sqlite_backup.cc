#include "common/storage/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace svcup::storage {
namespace {

using Connection = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

absl::StatusOr<Connection> OpenFile(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  Connection connection(db, &sqlite3_close);
  if (rc != SQLITE_OK) {
    return absl::UnavailableError(
        absl::StrCat("cannot open ", path, ": ", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db, 5000);
  return connection;
}

bool SyncFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return false;
  const bool ok = fsync(fd) == 0;
  close(fd);
  return ok;
}

}  // namespace

absl::Status BackupSqliteDatabase(const std::string& source, const std::string& destination,
                                  bool overwrite) {
  std::error_code error;
  if (!std::filesystem::exists(source, error)) {
    return absl::NotFoundError(absl::StrCat("no database at ", source));
  }
  if (!overwrite && std::filesystem::exists(destination, error)) {
    return absl::FailedPreconditionError(
        absl::StrCat(destination, " exists; choose another name, or pass --force"));
  }
  const std::string partial = destination + ".partial";
  std::remove(partial.c_str());
  auto from = OpenFile(source, SQLITE_OPEN_READONLY);
  if (!from.ok()) return from.status();
  absl::Status status;
  {
    auto to = OpenFile(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!to.ok()) return to.status();
    sqlite3_backup* backup = sqlite3_backup_init(to->get(), "main", from->get(), "main");
    if (backup == nullptr) {
      return absl::InternalError(absl::StrCat("backup: ", sqlite3_errmsg(to->get())));
    }
    // All pages in one step: the copy reads one snapshot of the source.
    int rc = SQLITE_OK;
    const absl::Time deadline = absl::Now() + absl::Seconds(60);
    do {
      rc = sqlite3_backup_step(backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) absl::SleepFor(absl::Milliseconds(50));
    } while ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && absl::Now() < deadline);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
      status = absl::UnavailableError(
          absl::StrCat("backup of ", source, " did not complete: ", sqlite3_errstr(rc)));
    }
  }
  if (status.ok() && !SyncFile(partial)) {
    status = absl::InternalError(absl::StrCat("cannot sync ", partial));
  }
  if (status.ok() && std::rename(partial.c_str(), destination.c_str()) != 0) {
    status = absl::InternalError(absl::StrCat("cannot rename ", partial, " to ", destination));
  }
  if (!status.ok()) std::remove(partial.c_str());
  return status;
}

}  // namespace svcup::storage
