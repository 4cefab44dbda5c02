// The Write/Read plumbing every SQL-backed service store shares: it opens a service-specific
// transaction object over the database's transaction and hands it to the callable.
#ifndef SVCUP_COMMON_STORAGE_SQL_STORE_H_
#define SVCUP_COMMON_STORAGE_SQL_STORE_H_

#include <memory>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/storage/database.h"

namespace svcup::storage {

// Implements `Store` (an interface with Write/Read over Store::Transaction) on a Database, with
// `SqlTransaction` (constructible from a storage::Transaction&) as the transaction type.
template <typename Store, typename SqlTransaction>
class SqlStore final : public Store {
 public:
  // Serves from `database` (after OpenSqlStore has migrated it).
  explicit SqlStore(std::unique_ptr<Database> database) : database_(std::move(database)) {}

  // Applies `migrations` to the database.
  absl::Status Migrate(absl::Span<const Migration> migrations) {
    return database_->Migrate(migrations);
  }

  absl::Status Write(
      absl::FunctionRef<absl::Status(typename Store::Transaction&)> fn) override {
    return database_->Write([&](Transaction& tx) {
      SqlTransaction service_tx(tx);
      return fn(service_tx);
    });
  }

  absl::Status Read(absl::FunctionRef<absl::Status(typename Store::Transaction&)> fn) override {
    return database_->Read([&](Transaction& tx) {
      SqlTransaction service_tx(tx);
      return fn(service_tx);
    });
  }

 private:
  std::unique_ptr<Database> database_;
};

// A service's store (`Store`, served through `SqlTransaction`) on `database`, migrated to the
// latest of `migrations` first: what each Sql*Store::Open returns.
template <typename Store, typename SqlTransaction>
absl::StatusOr<std::unique_ptr<Store>> OpenSqlStore(std::unique_ptr<Database> database,
                                                    absl::Span<const Migration> migrations) {
  auto store = std::make_unique<SqlStore<Store, SqlTransaction>>(std::move(database));
  if (absl::Status migrated = store->Migrate(migrations); !migrated.ok()) return migrated;
  return store;
}

}  // namespace svcup::storage

#endif  // SVCUP_COMMON_STORAGE_SQL_STORE_H_
