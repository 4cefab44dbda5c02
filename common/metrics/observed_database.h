// Storage latency: a Database decorator that times every transaction into
//   svcup_storage_transaction_seconds{kind="read"|"write", outcome="ok"|"error"}
// (for writes, the time includes waiting for the group commit, as callers see it).
#ifndef SVCUP_COMMON_METRICS_OBSERVED_DATABASE_H_
#define SVCUP_COMMON_METRICS_OBSERVED_DATABASE_H_

#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>

#include "common/storage/database.h"

namespace svcup {

// Times the transactions of the wrapped database.
class ObservedDatabase final : public storage::Database {
 public:
  ObservedDatabase(std::unique_ptr<storage::Database> database, prometheus::Registry& registry);

  absl::Status Write(absl::FunctionRef<absl::Status(storage::Transaction&)> fn) override;
  absl::Status Read(absl::FunctionRef<absl::Status(storage::Transaction&)> fn) override;
  storage::Dialect dialect() const override { return database_->dialect(); }
  absl::Status WithMigrationLock(absl::FunctionRef<absl::Status()> fn) override {
    return database_->WithMigrationLock(fn);
  }

 private:
  absl::Status Timed(const char* kind, absl::FunctionRef<absl::Status()> run);

  std::unique_ptr<storage::Database> database_;
  prometheus::Family<prometheus::Histogram>& seconds_;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_METRICS_OBSERVED_DATABASE_H_
