#include "common/storage/ledger.h"

#include "absl/strings/str_cat.h"
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
  const int64_t micros = record.time().seconds() * 1000000 + record.time().nanos() / 1000;
  return tx_
      .Execute(
          "INSERT INTO audit (time_micros, actor_organisation, actor_role, actor_subject, "
          "action, target, request_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {micros, record.actor().organisation(), static_cast<int>(record.actor().role()),
           record.actor().subject(), record.action(), record.target(), record.request_id(),
           record.detail()})
      .status();
}

absl::StatusOr<std::vector<v1::AuditRecord>> SqlLedger::ListAudit(
    absl::string_view target_prefix, int64_t after_sequence, int limit) {
  // A range on target rather than LIKE: prefixes may contain '%' or '_'.
  const std::string upper = absl::StrCat(target_prefix, "\xff");
  ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query(
          "SELECT sequence, time_micros, actor_organisation, actor_role, actor_subject, action, "
          "target, request_id, detail FROM audit WHERE sequence > ? AND target >= ? AND target < ? "
          "ORDER BY sequence LIMIT ?",
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
  }
  return records;
}

}  // namespace svcup::storage
