#include "services/reports/sql_report_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/names.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "common/storage/proto_rows.h"
#include "common/storage/sql_store.h"

namespace svcup::reports {
namespace {

using storage::Blob;
using storage::ParseAll;
using storage::ParseFirst;

const storage::Migration kMigrations[] = {
    {1, "request ledger and audit trail", storage::kLedgerSchemaSql},
    {2, "reports, revisions, events, readings", R"sql(
CREATE TABLE reports (
  year INTEGER NOT NULL,
  organisation TEXT NOT NULL,
  period INTEGER NOT NULL,
  recipient TEXT NOT NULL,
  state INTEGER NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (year, organisation, period)
);
CREATE INDEX reports_by_recipient ON reports (year, recipient, organisation, period);
CREATE TABLE revisions (
  year INTEGER NOT NULL,
  period INTEGER NOT NULL,
  organisation TEXT NOT NULL,
  revision INTEGER NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (year, period, organisation, revision)
);
CREATE TABLE events (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  recipient TEXT NOT NULL,
  body BLOB NOT NULL
);
CREATE INDEX events_by_recipient ON events (recipient, sequence);
CREATE TABLE reading_batches (
  organisation TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  readings INTEGER NOT NULL,
  PRIMARY KEY (organisation, batch_id)
);
CREATE TABLE readings (
  organisation TEXT NOT NULL,
  indicator TEXT NOT NULL,
  time_micros INTEGER NOT NULL,
  value REAL NOT NULL,
  unit TEXT NOT NULL
);
CREATE INDEX readings_by_time ON readings (organisation, indicator, time_micros)
)sql"},
    {3, "audit trail hash chain", storage::kAuditChainSchemaSql},
    storage::CountersMigration(),
    {5, "revision and reading positions, event sequences from counters",
     R"sql(
ALTER TABLE revisions ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE revisions SET position = rowid;
CREATE INDEX revisions_by_position ON revisions (position);
ALTER TABLE readings ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE readings SET position = rowid;
INSERT INTO counters (name, value) SELECT 'revisions', COALESCE(MAX(position), 0) FROM revisions;
INSERT INTO counters (name, value) SELECT 'readings', COALESCE(MAX(position), 0) FROM readings;
INSERT INTO counters (name, value) SELECT 'events', COALESCE(MAX(sequence), 0) FROM events
)sql",
     // PostgreSQL has no rowid, and its tables start empty here.
     R"sql(
ALTER TABLE revisions ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
CREATE INDEX revisions_by_position ON revisions (position);
ALTER TABLE readings ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
INSERT INTO counters (name, value) SELECT 'revisions', COALESCE(MAX(position), 0) FROM revisions;
INSERT INTO counters (name, value) SELECT 'readings', COALESCE(MAX(position), 0) FROM readings;
INSERT INTO counters (name, value) SELECT 'events', COALESCE(MAX(sequence), 0) FROM events
)sql"},
};

// "{organisation}|{period}" of a ListReports page key, or nullopt when malformed.
std::optional<std::pair<std::string, int>> ParseReportKey(absl::string_view key) {
  const size_t bar = key.rfind('|');
  int period = 0;
  if (bar == absl::string_view::npos || !absl::SimpleAtoi(key.substr(bar + 1), &period)) {
    return std::nullopt;
  }
  return std::make_pair(std::string(key.substr(0, bar)), period);
}

// The organisation code of "orgs/{code}".
// ReportTransaction over one SQL transaction.
class SqlReportTransaction final : public storage::WithSqlLedger<ReportTransaction> {
 public:
  using WithSqlLedger::WithSqlLedger;

  absl::StatusOr<std::optional<v1::ProgressReport>> GetReport(absl::string_view organisation,
                                                              int year, int period) override {
    return ParseFirst<v1::ProgressReport>(tx_.Query(
        "SELECT body FROM reports WHERE year = ? AND organisation = ? AND period = ?",
        {year, organisation, period}));
  }

  absl::Status PutReport(const v1::ProgressReport& report) override {
    return tx_
        .Execute(
            "INSERT INTO reports (year, organisation, period, recipient, state, body) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (year, organisation, period) DO UPDATE SET "
            "recipient = excluded.recipient, state = excluded.state, body = excluded.body",
            {report.year(), OrganisationCodeOf(report.organisation()), report.period(),
             OrganisationCodeOf(report.recipient()), static_cast<int>(report.state()),
             Blob{report.SerializeAsString()}})
        .status();
  }

  absl::Status InsertReport(const v1::ProgressReport& report) override {
    RETURN_IF_ERROR(PutReport(report));
    return storage::NextCounterValue(tx_, "reports_created").status();
  }

  absl::StatusOr<std::vector<v1::ProgressReport>> ListReports(const ReportQuery& q) override {
    // Keys are "{organisation}|{period}": resume after that row, in (organisation, period) order.
    std::pair<std::string, int> after{"", 0};
    if (!q.after_key.empty()) {
      auto parsed = ParseReportKey(q.after_key);
      if (!parsed.has_value()) {
        return absl::InvalidArgumentError("page_token: is not a token of this list");
      }
      after = *parsed;
    }
    return ParseAll<v1::ProgressReport>(tx_.Query(
        "SELECT body FROM reports WHERE year = ? AND (organisation, period) > (?, ?) "
        "AND (? = 0 OR period = ?) AND (? = '' OR recipient = ?) AND (? = 0 OR state = ?) "
        "AND (? = 1 OR organisation = ? OR recipient = ?) "
        "ORDER BY organisation, period LIMIT ?",
        {q.year, after.first, after.second, q.period, q.period, q.recipient, q.recipient,
         static_cast<int>(q.state), static_cast<int>(q.state), q.see_all, q.visible_organisation,
         q.visible_organisation, q.limit}));
  }

  absl::StatusOr<std::optional<v1::ReportRevision>> GetRevision(absl::string_view organisation,
                                                                int year, int period,
                                                                int revision) override {
    return ParseFirst<v1::ReportRevision>(tx_.Query(
        "SELECT body FROM revisions WHERE year = ? AND period = ? AND organisation = ? "
        "AND revision = ?",
        {year, period, organisation, revision}));
  }

  absl::Status InsertRevision(absl::string_view organisation, int year, int period,
                              const v1::ReportRevision& revision) override {
    ASSIGN_OR_RETURN(const int64_t position, storage::NextCounterValue(tx_, "revisions"));
    return tx_
        .Execute(
            "INSERT INTO revisions (year, period, organisation, revision, body, position) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            {year, period, organisation, revision.revision(), Blob{revision.SerializeAsString()},
             position})
        .status();
  }

  absl::StatusOr<std::vector<v1::ReportRevision>> ListRevisions(absl::string_view organisation,
                                                                int year, int period,
                                                                int after_revision,
                                                                int limit) override {
    return ParseAll<v1::ReportRevision>(tx_.Query(
        "SELECT body FROM revisions WHERE year = ? AND period = ? AND organisation = ? "
        "AND revision > ? ORDER BY revision LIMIT ?",
        {year, period, organisation, after_revision, limit}));
  }

  absl::StatusOr<std::vector<StoredRevision>> RevisionsAfter(int64_t after_position,
                                                             int limit) override {
    ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT position, body FROM revisions WHERE position > ? "
                                          "ORDER BY position LIMIT ?",
                                          {after_position, limit}));
    std::vector<StoredRevision> out;
    for (const storage::Row& row : rows) {
      StoredRevision& stored = out.emplace_back();
      stored.position = row.Int(0);
      if (!stored.revision.ParseFromString(row.Text(1))) {
        return absl::DataLossError(
            absl::StrCat("revision at row ", stored.position, " is not a ReportRevision"));
      }
    }
    return out;
  }

  absl::StatusOr<std::vector<v1::ReportRevision>> FirstRevisions(int year, int period) override {
    return ParseAll<v1::ReportRevision>(tx_.Query(
        "SELECT body FROM revisions WHERE year = ? AND period = ? AND revision = 1 "
        "ORDER BY organisation",
        {year, period}));
  }

  absl::StatusOr<int64_t> AppendEvent(v1::ReportEvent event) override {
    // The counter's row serialises appends across writers (and replicas), so sequences are
    // taken in commit order: a watcher that has read up to N never later finds one below N.
    ASSIGN_OR_RETURN(const int64_t sequence, storage::NextCounterValue(tx_, "events"));
    event.set_sequence(sequence);
    RETURN_IF_ERROR(tx_.Execute("INSERT INTO events (sequence, recipient, body) VALUES (?, ?, ?)",
                                {sequence, OrganisationCodeOf(event.recipient()),
                                 Blob{event.SerializeAsString()}})
                        .status());
    return sequence;
  }

  absl::StatusOr<std::vector<v1::ReportEvent>> ListEvents(absl::string_view recipient,
                                                          int64_t after_sequence,
                                                          int limit) override {
    return ParseAll<v1::ReportEvent>(tx_.Query(
        "SELECT body FROM events WHERE sequence > ? AND (? = '' OR recipient = ?) "
        "ORDER BY sequence LIMIT ?",
        {after_sequence, recipient, recipient, limit}));
  }

  absl::StatusOr<std::vector<int>> ReportYears() override {
    ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT DISTINCT year FROM reports ORDER BY year"));
    std::vector<int> years;
    for (const storage::Row& row : rows) years.push_back(static_cast<int>(row.Int(0)));
    return years;
  }

  absl::StatusOr<int64_t> LastEventSequence() override {
    ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT COALESCE(MAX(sequence), 0) FROM events"));
    return rows.at(0).Int(0);
  }

  absl::StatusOr<int64_t> ReportsCreated() override {
    ASSIGN_OR_RETURN(auto rows,
                     tx_.Query("SELECT value FROM counters WHERE name = 'reports_created'", {}));
    return rows.empty() ? 0 : rows.at(0).Int(0);
  }

  absl::StatusOr<bool> InsertReadingBatch(const v1::RecordReadingsRequest& batch,
                                          absl::string_view organisation) override {
    ASSIGN_OR_RETURN(
        auto seen,
        tx_.Query("SELECT readings FROM reading_batches WHERE organisation = ? AND batch_id = ?",
                  {organisation, batch.batch_id()}));
    if (!seen.empty()) return false;
    if (auto s = tx_.Execute(
                        "INSERT INTO reading_batches (organisation, batch_id, readings) "
                        "VALUES (?, ?, ?)",
                        {organisation, batch.batch_id(), batch.readings_size()})
                     .status();
        !s.ok()) {
      return s;
    }
    ASSIGN_OR_RETURN(const int64_t last,
                     storage::TakeCounterValues(tx_, "readings", batch.readings_size()));
    int64_t position = last - batch.readings_size();
    for (const v1::IndicatorReading& r : batch.readings()) {
      if (auto s =
              tx_.Execute("INSERT INTO readings (organisation, indicator, time_micros, value, "
                          "unit, position) VALUES (?, ?, ?, ?, ?, ?)",
                          {organisation, r.indicator(), absl::ToUnixMicros(FromTimestamp(r.time())),
                           r.value(), r.unit(), ++position})
                  .status();
          !s.ok()) {
        return s;
      }
    }
    return true;
  }

  absl::StatusOr<std::vector<v1::IndicatorAggregate>> SummariseReadings(
      absl::string_view organisation, absl::Time from, absl::Time to) override {
    const int64_t from_micros = absl::ToUnixMicros(from), to_micros = absl::ToUnixMicros(to);
    ASSIGN_OR_RETURN(
        auto rows,
        tx_.Query("SELECT r.indicator, COUNT(*), SUM(r.value), MIN(r.value), MAX(r.value), "
                  "MAX(r.time_micros), "
                  " (SELECT l.value FROM readings l WHERE l.organisation = r.organisation "
                  "  AND l.indicator = r.indicator AND l.time_micros BETWEEN ? AND ? "
                  "  ORDER BY l.time_micros DESC, l.position DESC LIMIT 1), "
                  " (SELECT l.unit FROM readings l WHERE l.organisation = r.organisation "
                  "  AND l.indicator = r.indicator AND l.time_micros BETWEEN ? AND ? "
                  "  ORDER BY l.time_micros DESC, l.position DESC LIMIT 1) "
                  "FROM readings r WHERE r.organisation = ? AND r.time_micros BETWEEN ? AND ? "
                  "GROUP BY r.organisation, r.indicator ORDER BY r.indicator",
                  {from_micros, to_micros, from_micros, to_micros, organisation, from_micros,
                   to_micros}));
    std::vector<v1::IndicatorAggregate> aggregates;
    for (const storage::Row& row : rows) {
      v1::IndicatorAggregate& a = aggregates.emplace_back();
      a.set_indicator(row.Text(0));
      a.set_count(row.Int(1));
      a.set_sum(row.Real(2));
      a.set_min(row.Real(3));
      a.set_max(row.Real(4));
      *a.mutable_last_time() = ToTimestamp(absl::FromUnixMicros(row.Int(5)));
      a.set_last(row.Real(6));
      a.set_unit(row.Text(7));
    }
    return aggregates;
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<ReportStore>> SqlReportStore::Open(
    std::unique_ptr<storage::Database> database) {
  return storage::OpenSqlStore<ReportStore, SqlReportTransaction>(std::move(database), kMigrations);
}

}  // namespace svcup::reports
