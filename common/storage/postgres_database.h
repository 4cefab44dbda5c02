// The production backend: PostgreSQL 15 through libpq, so that several replicas of a service
// share one database.
//
// - A bounded pool of connections, each with its statements prepared once ('?' rewritten to
//   '$n' once per text) and its search_path set to the service's own schema.
// - Writes of one service are serialised across every replica: Write() begins a READ COMMITTED
//   transaction and first takes a transaction-level advisory lock on the service's schema, so
//   each write runs alone and each of its statements sees every earlier committed write. Every
//   etag check, numbering and idempotency rule the stores express as "read, then write" is
//   therefore as correct with several replicas as with SQLite's single writer. (Every write
//   takes the audit chain's end anyway, so nothing is lost by it; SERIALIZABLE was measured
//   slower here, its collisions aborting and retrying.) Should PostgreSQL still abort a write
//   (SQLSTATE 40001, or 40P01 for a deadlock), it is rolled back and run again after a
//   randomised backoff, up to max_attempts times, so write callables must be safe to re-run
//   (they are: they only read and write through the transaction). Read() runs in a REPEATABLE
//   READ READ ONLY transaction: one snapshot, never blocked by writers.
// - SQLSTATE is mapped to the interface's codes: unique violation ALREADY_EXISTS, other
//   constraint violations FAILED_PRECONDITION, serialization failure and deadlock ABORTED
//   (after the retries), a lost connection UNAVAILABLE (the connection is dropped and a new one
//   dialled on the next call; a write whose COMMIT got no answer is reported UNAVAILABLE, never
//   OK).
// - DDL is written once, in SQLite's words, and translated (PostgresDdl): BLOB becomes BYTEA,
//   REAL DOUBLE PRECISION, INTEGER BIGINT, INTEGER PRIMARY KEY an identity column (SQLite numbers
//   such rows when the caller leaves the key out), and TEXT is compared bytewise (COLLATE "C")
//   as in SQLite, so pages ordered by text keys never skip or repeat a row.
#ifndef SVCUP_COMMON_STORAGE_POSTGRES_DATABASE_H_
#define SVCUP_COMMON_STORAGE_POSTGRES_DATABASE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/storage/database.h"

namespace svcup::storage {

class PostgresConnection;

// One service's schema in a PostgreSQL database.
class PostgresDatabase final : public Database {
 public:
  // Tuning of an opened database.
  struct Options {
    // Connections kept; more callers wait for one to free up.
    int max_connections = 8;
    // Attempts of a write that meets serialization failures or deadlocks (with a randomised,
    // growing backoff between them).
    int max_attempts = 30;
    // How long a caller waits for a free connection before UNAVAILABLE.
    absl::Duration acquire_timeout = absl::Seconds(10);
  };

  // Connects to `url` (a libpq URI; multi-host allowed) and uses the schema `schema` (created if
  // missing; a lowercase identifier such as "svcup_reports"). UNAVAILABLE when the server cannot
  // be reached; INVALID_ARGUMENT for a malformed URL or schema name.
  static absl::StatusOr<std::unique_ptr<PostgresDatabase>> Open(const std::string& url,
                                                                const std::string& schema,
                                                                Options options);
  static absl::StatusOr<std::unique_ptr<PostgresDatabase>> Open(const std::string& url,
                                                                const std::string& schema);

  ~PostgresDatabase() override;

  absl::Status Write(absl::FunctionRef<absl::Status(Transaction&)> fn) override;
  absl::Status Read(absl::FunctionRef<absl::Status(Transaction&)> fn) override;
  Dialect dialect() const override { return Dialect::kPostgres; }
  // Holds a session advisory lock (one per schema) on a connection of its own while `fn` runs,
  // so the migrating transaction, started after the lock is held, sees what an earlier holder
  // committed.
  absl::Status WithMigrationLock(absl::FunctionRef<absl::Status()> fn) override;

 private:
  PostgresDatabase(std::string url, std::string schema, Options options);

  // A connection from the pool (dialled if none is idle and the pool is not full).
  absl::StatusOr<std::unique_ptr<PostgresConnection>> Acquire();
  // Returns a healthy connection to the pool; drops a broken one.
  void Release(std::unique_ptr<PostgresConnection> connection);
  // Runs `fn` once inside BEGIN `begin` ... COMMIT on one connection.
  absl::Status RunOnce(absl::string_view begin, absl::FunctionRef<absl::Status(Transaction&)> fn);

  const std::string url_;
  const std::string schema_;
  const Options options_;
  // How a write transaction starts (see the file comment).
  const std::string write_begin_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<PostgresConnection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
};

// A DDL statement written for SQLite, in PostgreSQL's words (see the header comment).
std::string PostgresDdl(absl::string_view sqlite_ddl);

// `sql` with its '?' placeholders numbered $1, $2, ... (none inside quoted literals).
std::string NumberPlaceholders(absl::string_view sql);

}  // namespace svcup::storage

#endif  // SVCUP_COMMON_STORAGE_POSTGRES_DATABASE_H_
