// The database a test's service runs on: SQLite at the path the test names or, when the test
// runs with SVCUP_TEST_BACKEND=postgres (ctest registers every service suite a second time so),
// a database of its own in the test PostgreSQL cluster. Opening the same path again opens the
// same database, so restart tests mean the same on both backends.
#ifndef SVCUP_TESTS_TESTING_TEST_DATABASE_H_
#define SVCUP_TESTS_TESTING_TEST_DATABASE_H_

#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "common/storage/postgres_database.h"
#include "common/storage/sqlite_database.h"
#include "tests/testing/postgres_cluster.h"

namespace svcup::testing {

// Whether this test process runs its services on PostgreSQL.
inline bool TestOnPostgres() {
  const char* backend = std::getenv("SVCUP_TEST_BACKEND");
  return backend != nullptr && std::string(backend) == "postgres";
}

// The PostgreSQL database that stands for `key` (a SQLite path, a data folder) in this test
// process: a new one the first time, the same one after.
inline std::string TestDatabaseUrl(const std::string& key) {
  static absl::Mutex mu;
  static auto* urls = new std::map<std::string, std::string>();
  absl::MutexLock lock(&mu);
  auto it = urls->find(key);
  if (it == urls->end()) it = urls->emplace(key, PostgresCluster::Shared().NewDatabase()).first;
  return it->second;
}

// Opens the database at `sqlite_path` (see the file comment). Dies on failure: a test that
// cannot open its database cannot run.
inline std::unique_ptr<storage::Database> OpenTestDatabase(const std::string& sqlite_path) {
  if (!TestOnPostgres()) {
    auto sqlite = storage::SqliteDatabase::Open(sqlite_path);
    if (!sqlite.ok()) std::abort();
    return std::move(*sqlite);
  }
  auto postgres = storage::PostgresDatabase::Open(TestDatabaseUrl(sqlite_path), "svcup_test");
  if (!postgres.ok()) std::abort();
  return std::move(*postgres);
}

}  // namespace svcup::testing

#endif  // SVCUP_TESTS_TESTING_TEST_DATABASE_H_
