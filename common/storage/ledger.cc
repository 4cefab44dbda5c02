#include "common/storage/ledger.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/api/message_digest.h"
#include "common/auth/crypto.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"

namespace svcup::storage {

const char kLedgerSchemaSql[] = R"sql(
CREATE TABLE requests (
  scope TEXT NOT NULL,
  request_id TEXT NOT NULL,
  method TEXT NOT NULL,
  fingerprint BLOB NOT NULL,
  response BLOB NOT NULL,
  created_micros INTEGER NOT NULL,
  PRIMARY KEY (scope, request_id)
);
CREATE TABLE audit (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  time_micros INTEGER NOT NULL,
  actor_organisation TEXT NOT NULL,
  actor_role INTEGER NOT NULL,
  actor_subject TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  request_id TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX audit_by_target ON audit (target, sequence)
)sql";

const char kAuditChainSchemaSql[] = R"sql(
ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT ''
)sql";

const char kCountersSchemaSql[] = R"sql(
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO counters (name, value)
  SELECT 'audit', MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'audit'), 0),
                      COALESCE((SELECT MAX(sequence) FROM audit), 0))
)sql";

const char kCountersSchemaPostgresSql[] = R"sql(
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO counters (name, value) SELECT 'audit', COALESCE(MAX(sequence), 0) FROM audit
)sql";

Migration CountersMigration() {
  return {4, "counters that never go back", kCountersSchemaSql, kCountersSchemaPostgresSql};
}

absl::StatusOr<int64_t> NextCounterValue(Transaction& tx, absl::string_view name) {
  return TakeCounterValues(tx, name, 1);
}

absl::StatusOr<int64_t> TakeCounterValues(Transaction& tx, absl::string_view name, int64_t count) {
  ASSIGN_OR_RETURN(auto rows,
                   tx.Query("INSERT INTO counters (name, value) VALUES (?, ?) "
                            "ON CONFLICT (name) DO UPDATE SET value = counters.value + ? "
                            "RETURNING value",
                            {name, count, count}));
  return rows.at(0).Int(0);
}

std::string AuditChainHash(absl::string_view previous_hash, const v1::AuditRecord& record) {
  // Hashed in the one form the store gives back (time and actor always present).
  v1::AuditRecord unhashed = record;
  unhashed.clear_hash();
  unhashed.mutable_time();
  unhashed.mutable_actor();
  std::string previous;
  if (!previous_hash.empty()) previous = absl::HexStringToBytes(previous_hash);
  return Sha256Hex(absl::StrCat(previous, DeterministicBytes(unhashed)));
}

absl::StatusOr<v1::AuditVerification> VerifyAuditChain(
    LedgerTransaction& tx, const std::function<void(const v1::AuditRecord&)>& visit) {
  v1::AuditVerification result;
  std::string previous_hash;
  int64_t expected = 1;
  for (;;) {
    ASSIGN_OR_RETURN(auto page, tx.ListAudit("", expected - 1, 500));
    if (page.empty()) break;
    for (const v1::AuditRecord& record : page) {
      result.set_records_checked(result.records_checked() + 1);
      if (record.sequence() != expected) {
        result.set_first_bad_sequence(expected);
        result.set_problem(absl::StrCat("record ", expected, " is missing (the trail jumps to ",
                                        record.sequence(), ": deleted)"));
        return result;
      }
      if (record.hash() != AuditChainHash(previous_hash, record)) {
        result.set_first_bad_sequence(record.sequence());
        result.set_problem(
            absl::StrCat("record ", record.sequence(),
                         record.sequence() == 1
                             ? " does not match its hash"
                             : absl::StrCat(" does not chain to record ", record.sequence() - 1),
                         " (edited, replaced or reordered)"));
        return result;
      }
      previous_hash = record.hash();
      result.set_last_hash(previous_hash);
      if (visit) visit(record);
      ++expected;
    }
  }
  result.set_intact(true);
  return result;
}

v1::AuditRecord MakeAuditRecord(const v1::Principal& actor, absl::string_view action,
                                absl::string_view target, absl::string_view request_id,
                                absl::string_view detail, absl::Time now) {
  v1::AuditRecord record;
  *record.mutable_time() = ToTimestamp(now);
  *record.mutable_actor() = actor;
  record.set_action(std::string(action));
  record.set_target(std::string(target));
  record.set_request_id(std::string(request_id));
  record.set_detail(std::string(detail));
  return record;
}

absl::Status Audit(LedgerTransaction& tx, const v1::Principal& actor, absl::string_view action,
                   absl::string_view target, absl::string_view request_id,
                   absl::string_view detail, absl::Time now) {
  return tx.AppendAudit(MakeAuditRecord(actor, action, target, request_id, detail, now));
}

absl::StatusOr<std::optional<RememberedRequest>> SqlLedger::FindRequest(
    absl::string_view scope, absl::string_view request_id) {
  ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("SELECT fingerprint, response FROM requests WHERE scope = ? AND request_id = ?",
                {scope, request_id}));
  if (rows.empty()) return std::nullopt;
  return RememberedRequest{rows.front().Text(0), rows.front().Text(1)};
}

absl::Status SqlLedger::RememberRequest(absl::string_view scope, absl::string_view request_id,
                                        absl::string_view method,
                                        const RememberedRequest& entry, absl::Time now) {
  return tx_
      .Execute(
          "INSERT INTO requests (scope, request_id, method, fingerprint, response, "
          "created_micros) VALUES (?, ?, ?, ?, ?, ?)",
          {scope, request_id, method, Blob{entry.fingerprint}, Blob{entry.response},
           absl::ToUnixMicros(now)})
      .status();
}

absl::Status SqlLedger::AppendAudit(const v1::AuditRecord& record) {
  // The next sequence, never reused (the counter outlives records cut off the end), and the hash
  // it chains to (the last record's). Taking the counter serialises appends, so no other append
  // comes between the two.
  ASSIGN_OR_RETURN(const int64_t sequence, NextCounterValue(tx_, "audit"));
  ASSIGN_OR_RETURN(auto last,
                   tx_.Query("SELECT hash FROM audit ORDER BY sequence DESC LIMIT 1", {}));
  v1::AuditRecord chained = record;
  chained.set_sequence(sequence);
  chained.mutable_time()->set_nanos(record.time().nanos() / 1000 * 1000);  // stored in micros
  chained.set_hash(AuditChainHash(last.empty() ? "" : last.front().Text(0), chained));
  const int64_t micros = chained.time().seconds() * 1000000 + chained.time().nanos() / 1000;
  return tx_
      .Execute(
          "INSERT INTO audit (sequence, time_micros, actor_organisation, actor_role, "
          "actor_subject, action, target, request_id, detail, hash) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {chained.sequence(), micros, chained.actor().organisation(),
           static_cast<int>(chained.actor().role()), chained.actor().subject(), chained.action(),
           chained.target(), chained.request_id(), chained.detail(), chained.hash()})
      .status();
}

absl::StatusOr<std::vector<v1::AuditRecord>> SqlLedger::ListAudit(
    absl::string_view target_prefix, int64_t after_sequence, int limit) {
  // A range on target rather than LIKE: prefixes may contain '%' or '_'.
  const std::string upper = PrefixUpperBound(target_prefix);
  ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query(
          "SELECT sequence, time_micros, actor_organisation, actor_role, actor_subject, action, "
          "target, request_id, detail, hash FROM audit WHERE sequence > ? AND target >= ? AND "
          "target < ? ORDER BY sequence LIMIT ?",
          {after_sequence, target_prefix, upper, limit}));
  std::vector<v1::AuditRecord> records;
  records.reserve(rows.size());
  for (const Row& row : rows) {
    v1::AuditRecord& r = records.emplace_back();
    r.set_sequence(row.Int(0));
    r.mutable_time()->set_seconds(row.Int(1) / 1000000);
    r.mutable_time()->set_nanos(static_cast<int>(row.Int(1) % 1000000) * 1000);
    r.mutable_actor()->set_organisation(row.Text(2));
    r.mutable_actor()->set_role(static_cast<v1::Role>(row.Int(3)));
    r.mutable_actor()->set_subject(row.Text(4));
    r.set_action(row.Text(5));
    r.set_target(row.Text(6));
    r.set_request_id(row.Text(7));
    r.set_detail(row.Text(8));
    r.set_hash(row.Text(9));
  }
  return records;
}

}  // namespace svcup::storage
