// The database layer every service store is written against: transactions as callables over a
// small SQL interface. SQLite is the embedded backend (sqlite_database.h); PostgreSQL joins it
// behind the same interface.
//
// SQL written against this interface uses '?' placeholders and the subset SQLite 3.40 and
// PostgreSQL 15 both accept (INSERT ... ON CONFLICT ... DO UPDATE, RETURNING, row values;
// no INSERT OR REPLACE, rowid or printf); DDL is written in SQLite's words and translated for
// PostgreSQL (postgres_database.h).
#ifndef SVCUP_COMMON_STORAGE_DATABASE_H_
#define SVCUP_COMMON_STORAGE_DATABASE_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace svcup::storage {

// Bytes bound as a binary value (a serialized protobuf, a digest).
struct Blob {
  std::string bytes;
};

// A value bound to a '?' placeholder: NULL, an integer, a real, text or bytes.
class Param {
 public:
  Param(std::nullptr_t) : value_(std::monostate{}) {}
  Param(int v) : value_(static_cast<int64_t>(v)) {}
  Param(int64_t v) : value_(v) {}
  Param(bool v) : value_(static_cast<int64_t>(v)) {}
  Param(double v) : value_(v) {}
  Param(const char* v) : value_(std::string(v)) {}
  Param(absl::string_view v) : value_(std::string(v)) {}
  Param(const std::string& v) : value_(v) {}
  Param(Blob v) : value_(std::move(v)) {}

  // The value; monostate stands for NULL.
  const std::variant<std::monostate, int64_t, double, std::string, Blob>& value() const {
    return value_;
  }

 private:
  std::variant<std::monostate, int64_t, double, std::string, Blob> value_;
};

// One row of a query result. Columns are addressed by their position in the SELECT list.
class Row {
 public:
  // A column value: NULL, integer, real, or text/bytes.
  using Value = std::variant<std::monostate, int64_t, double, std::string>;

  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

  // Whether column `i` is NULL.
  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(values_.at(i)); }
  // Column `i` as an integer (0 for NULL).
  int64_t Int(size_t i) const;
  // Column `i` as a real (0 for NULL).
  double Real(size_t i) const;
  // Column `i` as text or bytes ("" for NULL).
  const std::string& Text(size_t i) const;
  // Number of columns.
  size_t size() const { return values_.size(); }

 private:
  std::vector<Value> values_;
};

// The statements of one transaction. Valid only inside the callable it was passed to.
class Transaction {
 public:
  virtual ~Transaction() = default;

  // Runs a statement that returns no rows and returns how many rows it changed.
  // Errors: ALREADY_EXISTS on a uniqueness violation, FAILED_PRECONDITION on another constraint
  // violation, UNAVAILABLE when the database is busy, INTERNAL otherwise.
  virtual absl::StatusOr<int64_t> Execute(absl::string_view sql,
                                          absl::Span<const Param> params = {}) = 0;

  // Runs a query and returns all its rows. Errors as for Execute.
  virtual absl::StatusOr<std::vector<Row>> Query(absl::string_view sql,
                                                 absl::Span<const Param> params = {}) = 0;
};

// The SQL a database speaks, where the two differ (DDL and a few functions).
enum class Dialect { kSqlite, kPostgres };

// A schema change, applied once, in version order.
struct Migration {
  // 1, 2, 3 ...: the order of application; never reused or renumbered once shipped.
  int version;
  // What it does, for the migrations table and the logs.
  std::string description;
  // The statements, separated by ';', in SQLite's words (PostgreSQL translates the DDL).
  std::string sql;
  // Statements to run on PostgreSQL instead of `sql`, where the two must differ beyond DDL
  // types (e.g. reading SQLite's own tables); empty: `sql` serves both.
  std::string postgres_sql = {};
};

// A transactional database.
class Database {
 public:
  virtual ~Database() = default;

  // Runs `fn` in a read-write transaction: commits when it returns OK, rolls back otherwise and
  // returns its status. A commit that returned OK is durable (survives kill -9 and power loss
  // to the extent the disk honours fsync). Concurrent callers may share one commit.
  virtual absl::Status Write(absl::FunctionRef<absl::Status(Transaction&)> fn) = 0;

  // Runs `fn` in a read-only transaction that sees one consistent snapshot.
  virtual absl::Status Read(absl::FunctionRef<absl::Status(Transaction&)> fn) = 0;

  // Applies the migrations not yet applied, in version order, all in one transaction under a
  // lock (replicas starting together migrate once). Versions must be increasing.
  // Errors: FAILED_PRECONDITION when the database has a version this binary does not know
  // (it was written by a newer release).
  absl::Status Migrate(absl::Span<const Migration> migrations);

  // The SQL dialect of this backend.
  virtual Dialect dialect() const { return Dialect::kSqlite; }

  // Runs `fn` holding the lock that serialises migrations across processes (SQLite's single
  // writer already serialises them). Migrate calls it; a wrapper forwards it.
  virtual absl::Status WithMigrationLock(absl::FunctionRef<absl::Status()> fn) { return fn(); }
};

// An upper bound for a range scan of the keys that start with `prefix`: `prefix` followed by
// U+10FFFF, greater (bytewise, as both backends compare text keys) than `prefix` followed by
// any other valid UTF-8, and valid UTF-8 itself (PostgreSQL refuses anything else as text).
std::string PrefixUpperBound(absl::string_view prefix);

}  // namespace svcup::storage

#endif  // SVCUP_COMMON_STORAGE_DATABASE_H_
