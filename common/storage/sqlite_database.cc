#include "common/storage/sqlite_database.h"

#include <sqlite3.h>

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/status/macros.h"

namespace svcup::storage {

// One SQLite connection with its cache of prepared statements. Used by one thread at a time.
class SqliteConnection final : public Transaction {
 public:
  static absl::StatusOr<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                                 bool writer,
                                                                 absl::Duration busy_timeout) {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
      std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      return absl::UnavailableError(absl::StrCat("cannot open database ", path, ": ", message));
    }
    auto connection = std::unique_ptr<SqliteConnection>(new SqliteConnection(db));
    sqlite3_busy_timeout(db, static_cast<int>(absl::ToInt64Milliseconds(busy_timeout)));
    const char* setup = writer ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                 " PRAGMA foreign_keys=ON;"
                               : "PRAGMA query_only=ON; PRAGMA foreign_keys=ON;";
    char* error = nullptr;
    if (sqlite3_exec(db, setup, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error != nullptr ? error : "unknown error";
      sqlite3_free(error);
      return absl::UnavailableError(absl::StrCat("cannot set up database ", path, ": ", message));
    }
    return connection;
  }

  ~SqliteConnection() override {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close(db_);
  }

  absl::StatusOr<int64_t> Execute(absl::string_view sql,
                                  absl::Span<const Param> params) override {
    RETURN_IF_ERROR(Run(sql, params, /*rows=*/nullptr));
    return sqlite3_changes64(db_);
  }

  absl::StatusOr<std::vector<Row>> Query(absl::string_view sql,
                                         absl::Span<const Param> params) override {
    std::vector<Row> rows;
    RETURN_IF_ERROR(Run(sql, params, &rows));
    return rows;
  }

  // Runs a statement outside the Transaction interface (BEGIN, COMMIT, SAVEPOINT ...).
  absl::Status Command(absl::string_view sql) { return Run(sql, {}, nullptr); }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  absl::Status Error(int code, absl::string_view sql) const {
    const std::string message = absl::StrCat(sqlite3_errmsg(db_), " [", sql, "]");
    switch (code & 0xFF) {
      case SQLITE_CONSTRAINT: {
        const int extended = sqlite3_extended_errcode(db_);
        if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
          return absl::AlreadyExistsError(message);
        }
        return absl::FailedPreconditionError(message);
      }
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return absl::UnavailableError(message);
      default:
        return absl::InternalError(message);
    }
  }

  absl::StatusOr<sqlite3_stmt*> Prepare(absl::string_view sql) {
    auto it = statements_.find(sql);
    if (it != statements_.end()) return it->second;
    sqlite3_stmt* statement = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK) return Error(rc, sql);
    statements_.emplace(std::string(sql), statement);
    return statement;
  }

  absl::Status Bind(sqlite3_stmt* statement, absl::Span<const Param> params) {
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(statement)) {
      return absl::InternalError(absl::StrCat("statement expects ",
                                              sqlite3_bind_parameter_count(statement),
                                              " parameters, got ", params.size()));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      const auto& v = params[i].value();
      if (std::holds_alternative<std::monostate>(v)) {
        rc = sqlite3_bind_null(statement, index);
      } else if (const auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(statement, index, *n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(statement, index, *d);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        rc = sqlite3_bind_text64(statement, index, s->data(), s->size(), SQLITE_STATIC,
                                 SQLITE_UTF8);
      } else if (const auto* b = std::get_if<Blob>(&v)) {
        rc = sqlite3_bind_blob64(statement, index, b->bytes.data(), b->bytes.size(),
                                 SQLITE_STATIC);
      }
      if (rc != SQLITE_OK) return Error(rc, "bind");
    }
    return absl::OkStatus();
  }

  absl::Status Run(absl::string_view sql, absl::Span<const Param> params,
                   std::vector<Row>* rows) {
    ASSIGN_OR_RETURN(auto prepared, Prepare(sql));
    sqlite3_stmt* statement = prepared;
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    RETURN_IF_ERROR(Bind(statement, params));
    while (true) {
      const int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        absl::Status error = Error(rc, sql);
        sqlite3_reset(statement);
        return error;
      }
      if (rows == nullptr) continue;
      const int columns = sqlite3_column_count(statement);
      std::vector<Row::Value> values;
      values.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(statement, c)) {
          case SQLITE_NULL:
            values.emplace_back(std::monostate{});
            break;
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<int64_t>(sqlite3_column_int64(statement, c)));
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(statement, c));
            break;
          default: {
            const void* data = sqlite3_column_blob(statement, c);
            const int size = sqlite3_column_bytes(statement, c);
            values.emplace_back(
                std::string(static_cast<const char*>(data), static_cast<size_t>(size)));
          }
        }
      }
      rows->emplace_back(std::move(values));
    }
    sqlite3_reset(statement);  // releases the statement's read snapshot
    return absl::OkStatus();
  }

  sqlite3* db_;
  absl::flat_hash_map<std::string, sqlite3_stmt*> statements_;
};

// A writer waiting in the group-commit queue.
struct SqliteDatabase::PendingWrite {
  absl::FunctionRef<absl::Status(Transaction&)> fn;
  absl::Status result;
  bool done = false;
};

absl::StatusOr<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path) {
  return Open(path, Options());
}

absl::StatusOr<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path,
                                                                     Options options) {
  ASSIGN_OR_RETURN(auto writer,
                   SqliteConnection::Open(path, /*writer=*/true, options.busy_timeout));
  return std::unique_ptr<SqliteDatabase>(new SqliteDatabase(path, options, std::move(writer)));
}

SqliteDatabase::SqliteDatabase(std::string path, Options options,
                               std::unique_ptr<SqliteConnection> writer)
    : path_(std::move(path)), options_(options), writer_(std::move(writer)) {}

SqliteDatabase::~SqliteDatabase() = default;

absl::Status SqliteDatabase::Write(absl::FunctionRef<absl::Status(Transaction&)> fn) {
  PendingWrite me{fn, absl::OkStatus(), false};
  absl::MutexLock lock(&queue_mu_);
  queue_.push_back(&me);
  while (true) {
    const auto my_turn = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(queue_mu_) {
      return me.done || !leader_active_;
    };
    queue_mu_.Await(absl::Condition(&my_turn));
    if (me.done) return me.result;
    // No leader: this writer leads the next batch (which includes itself).
    leader_active_ = true;
    const size_t take = std::min(queue_.size(), static_cast<size_t>(options_.max_batch));
    std::vector<PendingWrite*> batch(queue_.begin(), queue_.begin() + take);
    queue_.erase(queue_.begin(), queue_.begin() + take);
    queue_mu_.Unlock();
    CommitBatch(batch);
    queue_mu_.Lock();
    for (PendingWrite* w : batch) w->done = true;
    stats_.commits += 1;
    stats_.writes += static_cast<int64_t>(batch.size());
    leader_active_ = false;
  }
}

void SqliteDatabase::CommitBatch(const std::vector<PendingWrite*>& batch) {
  if (absl::Status begin = writer_->Command("BEGIN IMMEDIATE"); !begin.ok()) {
    for (PendingWrite* w : batch) w->result = begin;
    return;
  }
  for (PendingWrite* w : batch) {
    absl::Status status = writer_->Command("SAVEPOINT writer");
    if (status.ok()) {
      status = w->fn(*writer_);
      if (status.ok()) {
        status = writer_->Command("RELEASE writer");
      } else {
        // Undo this writer's part only; the others in the batch go on.
        writer_->Command("ROLLBACK TO writer").IgnoreError();
        writer_->Command("RELEASE writer").IgnoreError();
      }
    }
    w->result = status;
  }
  if (absl::Status commit = writer_->Command("COMMIT"); !commit.ok()) {
    writer_->Command("ROLLBACK").IgnoreError();
    for (PendingWrite* w : batch) {
      if (w->result.ok()) w->result = commit;
    }
  }
}

absl::Status SqliteDatabase::Read(absl::FunctionRef<absl::Status(Transaction&)> fn) {
  std::unique_ptr<SqliteConnection> reader;
  {
    absl::MutexLock lock(&readers_mu_);
    const auto reader_free = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(readers_mu_) {
      return !idle_readers_.empty() || open_readers_ < options_.max_readers;
    };
    readers_mu_.Await(absl::Condition(&reader_free));
    if (!idle_readers_.empty()) {
      reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    } else {
      ++open_readers_;
    }
  }
  if (reader == nullptr) {
    auto opened = SqliteConnection::Open(path_, /*writer=*/false, options_.busy_timeout);
    if (!opened.ok()) {
      absl::MutexLock lock(&readers_mu_);
      --open_readers_;
      return opened.status();
    }
    reader = std::move(*opened);
  }
  absl::Status status = reader->Command("BEGIN");
  if (status.ok()) {
    status = fn(*reader);
    absl::Status end = reader->Command(status.ok() ? "COMMIT" : "ROLLBACK");
    if (status.ok()) status = end;
  }
  absl::MutexLock lock(&readers_mu_);
  idle_readers_.push_back(std::move(reader));
  return status;
}

SqliteDatabase::Stats SqliteDatabase::stats() const {
  absl::MutexLock lock(&queue_mu_);
  return stats_;
}

}  // namespace svcup::storage
