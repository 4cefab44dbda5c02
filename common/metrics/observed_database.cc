#include "common/metrics/observed_database.h"

#include "absl/time/clock.h"
#include "common/metrics/grpc_metrics.h"

namespace svcup {

ObservedDatabase::ObservedDatabase(std::unique_ptr<storage::Database> database,
                                   prometheus::Registry& registry)
    : database_(std::move(database)),
      seconds_(prometheus::BuildHistogram()
                   .Name("svcup_storage_transaction_seconds")
                   .Help("Time of storage transactions as callers see them (writes include the "
                         "wait for their group commit), by kind and outcome.")
                   .Register(registry)) {}

absl::Status ObservedDatabase::Timed(const char* kind, absl::FunctionRef<absl::Status()> run) {
  const absl::Time start = absl::Now();
  absl::Status status = run();
  seconds_.Add({{"kind", kind}, {"outcome", status.ok() ? "ok" : "error"}}, LatencyBuckets())
      .Observe(absl::ToDoubleSeconds(absl::Now() - start));
  return status;
}

absl::Status ObservedDatabase::Write(absl::FunctionRef<absl::Status(storage::Transaction&)> fn) {
  return Timed("write", [&] { return database_->Write(fn); });
}

absl::Status ObservedDatabase::Read(absl::FunctionRef<absl::Status(storage::Transaction&)> fn) {
  return Timed("read", [&] { return database_->Read(fn); });
}

}  // namespace svcup
