// What every service store keeps besides its own data: the request ledger that makes mutations
// idempotent, and the append-only audit trail. Both are written in the transaction of the change
// they describe.
#ifndef SVCUP_COMMON_STORAGE_LEDGER_H_
#define SVCUP_COMMON_STORAGE_LEDGER_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/storage/database.h"
#include "svcup/v1/common.pb.h"

namespace svcup::storage {

// A mutation remembered under its request_id.
struct RememberedRequest {
  // Digest of the method and request that first used the id.
  std::string fingerprint;
  // The serialized response that was returned.
  std::string response;
};

// The ledger operations a service's transaction offers (see idempotency.h and AuditRecord).
class LedgerTransaction {
 public:
  virtual ~LedgerTransaction() = default;

  // The request remembered under (scope, request_id), if any.
  virtual absl::StatusOr<std::optional<RememberedRequest>> FindRequest(
      absl::string_view scope, absl::string_view request_id) = 0;

  // Remembers a request's fingerprint and response. ALREADY_EXISTS if the id is taken.
  virtual absl::Status RememberRequest(absl::string_view scope, absl::string_view request_id,
                                       absl::string_view method, const RememberedRequest& entry,
                                       absl::Time now) = 0;

  // Appends a record to the audit trail; its sequence is assigned here.
  virtual absl::Status AppendAudit(const v1::AuditRecord& record) = 0;

  // Up to `limit` records with sequence > after_sequence whose target starts with
  // `target_prefix`, in sequence order (with their chain hashes).
  virtual absl::StatusOr<std::vector<v1::AuditRecord>> ListAudit(absl::string_view target_prefix,
                                                                 int64_t after_sequence,
                                                                 int limit) = 0;
};

// An audit record of `action` on `target` by `actor` at `now` (its sequence is assigned on append).
v1::AuditRecord MakeAuditRecord(const v1::Principal& actor, absl::string_view action,
                                absl::string_view target, absl::string_view request_id,
                                absl::string_view detail, absl::Time now);

// Appends the audit record of `action` on `target` by `actor` at `now`, in `tx`.
absl::Status Audit(LedgerTransaction& tx, const v1::Principal& actor, absl::string_view action,
                   absl::string_view target, absl::string_view request_id,
                   absl::string_view detail, absl::Time now);

// The schema of the two ledger tables, for a service's first migration.
extern const char kLedgerSchemaSql[];

// The migration that chains the audit trail (a hash column; AppendAudit fills it).
extern const char kAuditChainSchemaSql[];

// Migration 4 of every service store: named counters that never go back (audit sequences,
// inspection numbers, event sequences), taken by NextCounterValue; the audit counter starts past
// the highest sequence ever assigned. On SQLite, and (kCountersSchemaPostgresSql) on PostgreSQL.
extern const char kCountersSchemaSql[];
extern const char kCountersSchemaPostgresSql[];

// The migration that creates the counters (version 4 in every service store).
Migration CountersMigration();

// The next value of counter `name` (1 first), taken in `tx`: never the same twice, never
// reused. Two transactions taking the same counter are serialised by its row (on PostgreSQL the
// later one is retried), so values are taken in commit order.
absl::StatusOr<int64_t> NextCounterValue(Transaction& tx, absl::string_view name);

// Takes `count` values of counter `name` at once; returns the last (the first is last - count
// + 1).
absl::StatusOr<int64_t> TakeCounterValues(Transaction& tx, absl::string_view name, int64_t count);

// The chain hash of `record` (its `hash` field ignored) after the record whose hash is
// `previous_hash` ("" for the first): lowercase hex SHA-256 of the previous hash's 32 raw bytes
// and the record's deterministic serialization.
std::string AuditChainHash(absl::string_view previous_hash, const v1::AuditRecord& record);

// Walks the whole trail through `tx` and checks the sequence (1, 2, 3 ... with no gap) and the
// chain, showing each record that checks out to `visit` (if given) on the way, so a service can
// gather what it checks next (reports: revision digests) in the same walk.
absl::StatusOr<v1::AuditVerification> VerifyAuditChain(
    LedgerTransaction& tx, const std::function<void(const v1::AuditRecord&)>& visit = nullptr);

// LedgerTransaction over any SQL Transaction. Service stores delegate to it.
class SqlLedger final : public LedgerTransaction {
 public:
  explicit SqlLedger(Transaction& tx) : tx_(tx) {}

  absl::StatusOr<std::optional<RememberedRequest>> FindRequest(
      absl::string_view scope, absl::string_view request_id) override;
  absl::Status RememberRequest(absl::string_view scope, absl::string_view request_id,
                               absl::string_view method, const RememberedRequest& entry,
                               absl::Time now) override;
  absl::Status AppendAudit(const v1::AuditRecord& record) override;
  absl::StatusOr<std::vector<v1::AuditRecord>> ListAudit(absl::string_view target_prefix,
                                                         int64_t after_sequence,
                                                         int limit) override;

 private:
  Transaction& tx_;
};

// Implements the LedgerTransaction part of a service's transaction interface `Base` over a SQL
// transaction, so each service store writes only its own operations:
//   class SqlPlanTransaction final : public storage::WithSqlLedger<PlanTransaction> { ... };
template <typename Base>
class WithSqlLedger : public Base {
 public:
  explicit WithSqlLedger(Transaction& tx) : tx_(tx), ledger_(tx) {}

  absl::StatusOr<std::optional<RememberedRequest>> FindRequest(
      absl::string_view scope, absl::string_view request_id) override {
    return ledger_.FindRequest(scope, request_id);
  }
  absl::Status RememberRequest(absl::string_view scope, absl::string_view request_id,
                               absl::string_view method, const RememberedRequest& entry,
                               absl::Time now) override {
    return ledger_.RememberRequest(scope, request_id, method, entry, now);
  }
  absl::Status AppendAudit(const v1::AuditRecord& record) override {
    return ledger_.AppendAudit(record);
  }
  absl::StatusOr<std::vector<v1::AuditRecord>> ListAudit(absl::string_view target_prefix,
                                                         int64_t after_sequence,
                                                         int limit) override {
    return ledger_.ListAudit(target_prefix, after_sequence, limit);
  }

 protected:
  // The SQL transaction, for the service's own statements.
  Transaction& tx_;

 private:
  SqlLedger ledger_;
};

}  // namespace svcup::storage

#endif  // SVCUP_COMMON_STORAGE_LEDGER_H_
