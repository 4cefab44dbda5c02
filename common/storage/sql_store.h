// The Write/Read plumbing every SQL-backed service store shares: it opens a service-specific
// transaction object over the database's transaction and hands it to the callable.
#ifndef SVCUP_COMMON_STORAGE_SQL_STORE_H_
#define SVCUP_COMMON_STORAGE_SQL_STORE_H_

#include <memory>

#include "absl/functional/function_ref.h"
#include "absl/types/span.h"
#include "common/storage/database.h"

namespace svcup::storage {

// Implements `Store` (an interface with Write/Read over Store::Transaction) on a Database, with
// `SqlTransaction` (constructible from a storage::Transaction&) as the transaction type.
template <typename Store, typename SqlTransaction>
class SqlStore : public Store {
 public:
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

 protected:
  // Applies `migrations` to `database`, then the store serves from it.
  explicit SqlStore(std::unique_ptr<Database> database) : database_(std::move(database)) {}
  absl::Status Migrate(absl::Span<const Migration> migrations) {
    return database_->Migrate(migrations);
  }

 private:
  std::unique_ptr<Database> database_;
};

}  // namespace svcup::storage

#endif  // SVCUP_COMMON_STORAGE_SQL_STORE_H_
