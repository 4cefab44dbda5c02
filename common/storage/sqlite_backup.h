// Online backups of a service's SQLite database with SQLite's backup API: a consistent copy
// taken while the service keeps writing (its WAL journal lets the copy read one snapshot).
#ifndef SVCUP_COMMON_STORAGE_SQLITE_BACKUP_H_
#define SVCUP_COMMON_STORAGE_SQLITE_BACKUP_H_

#include <string>

#include "absl/status/status.h"

namespace svcup::storage {

// Copies the database file `source` to `destination` (written beside it and renamed into place
// once complete and synced, so a destination is never half a backup). NOT_FOUND when the source
// does not exist; UNAVAILABLE when it stays locked; FAILED_PRECONDITION when the destination
// exists and `overwrite` is false.
absl::Status BackupSqliteDatabase(const std::string& source, const std::string& destination,
                                  bool overwrite = false);

}  // namespace svcup::storage

#endif  // SVCUP_COMMON_STORAGE_SQLITE_BACKUP_H_
