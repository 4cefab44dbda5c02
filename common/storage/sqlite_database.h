// The embedded SQLite backend: WAL journal, synchronous=FULL, a busy timeout, cached prepared
// statements, one writer connection with group commit and a pool of reader connections.
//
// Group commit: writers that arrive while a commit is in progress queue up; the next leader runs
// every queued callable in one transaction, each inside its own SAVEPOINT (so one that fails
// rolls back alone), and commits once. Every writer still sees its own status, and an OK means
// the commit that carried it reached the disk. One fsync then serves many writers.
#ifndef SVCUP_COMMON_STORAGE_SQLITE_DATABASE_H_
#define SVCUP_COMMON_STORAGE_SQLITE_DATABASE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/storage/database.h"

namespace svcup::storage {

class SqliteConnection;

// A SQLite database file opened for one service.
class SqliteDatabase final : public Database {
 public:
  // Tuning of an opened database.
  struct Options {
    // Reader connections kept open for Read(); more readers wait for one to free up.
    int max_readers = 4;
    // How long a statement waits for a lock held by another process before UNAVAILABLE.
    absl::Duration busy_timeout = absl::Seconds(5);
    // Most writers one commit carries.
    int max_batch = 128;
  };

  // Counters of the writer, for benchmarks and metrics.
  struct Stats {
    // Transactions committed.
    int64_t commits = 0;
    // Write() calls those commits carried.
    int64_t writes = 0;
  };

  // Opens (creating if needed) the database file at `path`. The folder must exist.
  // Errors: UNAVAILABLE when the file cannot be opened or set up.
  static absl::StatusOr<std::unique_ptr<SqliteDatabase>> Open(const std::string& path,
                                                               Options options);
  // Opens with default options.
  static absl::StatusOr<std::unique_ptr<SqliteDatabase>> Open(const std::string& path);

  ~SqliteDatabase() override;

  absl::Status Write(absl::FunctionRef<absl::Status(Transaction&)> fn) override;
  absl::Status Read(absl::FunctionRef<absl::Status(Transaction&)> fn) override;

  // A snapshot of the writer's counters.
  Stats stats() const;

 private:
  struct PendingWrite;

  SqliteDatabase(std::string path, Options options, std::unique_ptr<SqliteConnection> writer);

  // Runs one batch of queued writers in a single transaction. Called by the leader only.
  void CommitBatch(const std::vector<PendingWrite*>& batch);

  const std::string path_;
  const Options options_;
  std::unique_ptr<SqliteConnection> writer_;  // used by the current leader only

  mutable absl::Mutex queue_mu_;
  std::vector<PendingWrite*> queue_ ABSL_GUARDED_BY(queue_mu_);
  bool leader_active_ ABSL_GUARDED_BY(queue_mu_) = false;
  Stats stats_ ABSL_GUARDED_BY(queue_mu_);

  absl::Mutex readers_mu_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers_ ABSL_GUARDED_BY(readers_mu_);
  int open_readers_ ABSL_GUARDED_BY(readers_mu_) = 0;
};

}  // namespace svcup::storage

#endif  // SVCUP_COMMON_STORAGE_SQLITE_DATABASE_H_
