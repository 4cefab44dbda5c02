#include "services/reviews/sql_review_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/names.h"
#include "common/status/macros.h"
#include "common/storage/proto_rows.h"
#include "common/storage/sql_store.h"

namespace svcup::reviews {
namespace {

using storage::Blob;
using storage::ParseAll;
using storage::ParseFirst;

const storage::Migration kMigrations[] = {
    {1, "request ledger and audit trail", storage::kLedgerSchemaSql},
    {2, "reviews, packages, inspections, deficiencies", R"sql(
CREATE TABLE reviews (
  year INTEGER NOT NULL,
  period INTEGER NOT NULL,
  organisation TEXT NOT NULL,
  revision INTEGER NOT NULL,
  reports_to TEXT NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (year, period, organisation, revision)
);
CREATE TABLE packages (
  year INTEGER NOT NULL,
  period INTEGER NOT NULL,
  supervisor TEXT NOT NULL,
  version INTEGER NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (year, period, supervisor, version)
);
CREATE TABLE inspections (
  organisation TEXT NOT NULL,
  number INTEGER NOT NULL,
  year INTEGER NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (organisation, number)
);
CREATE TABLE deficiencies (
  name TEXT PRIMARY KEY,
  organisation TEXT NOT NULL,
  reports_to TEXT NOT NULL,
  inspecting_organisation TEXT NOT NULL,
  year INTEGER NOT NULL,
  state INTEGER NOT NULL,
  due INTEGER NOT NULL,
  body BLOB NOT NULL
);
CREATE INDEX deficiencies_by_due ON deficiencies (due, name)
)sql"},
    {3, "audit trail hash chain", storage::kAuditChainSchemaSql},
    storage::CountersMigration(),
    {5, "inspection numbers from counters", R"sql(
INSERT INTO counters (name, value)
  SELECT 'inspections/' || organisation, MAX(number) FROM inspections GROUP BY organisation
)sql"},
    {6, "frozen evaluations", R"sql(
CREATE TABLE frozen_evaluations (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (year, version)
)
)sql"},
    {7, "reminders", R"sql(
CREATE TABLE reminders (
  sequence INTEGER PRIMARY KEY,
  reminder_key TEXT NOT NULL UNIQUE,
  addressee TEXT NOT NULL,
  pending_mail INTEGER NOT NULL,
  body BLOB NOT NULL
);
CREATE INDEX reminders_by_addressee ON reminders (addressee, sequence);
CREATE INDEX reminders_pending_mail ON reminders (pending_mail, sequence)
)sql"},
};

// Beyond every inspection year: the first page of a newest-first listing starts below it.
constexpr int kNoKeyYear = 100000;

// ReviewTransaction over one SQL transaction.
class SqlReviewTransaction final : public storage::WithSqlLedger<ReviewTransaction> {
 public:
  using WithSqlLedger::WithSqlLedger;

  absl::StatusOr<std::optional<v1::Review>> GetReview(absl::string_view organisation, int year,
                                                      int period, int revision) override {
    return ParseFirst<v1::Review>(tx_.Query(
        "SELECT body FROM reviews WHERE year = ? AND period = ? AND organisation = ? "
        "AND revision = ?",
        {year, period, organisation, revision}));
  }

  absl::Status InsertReview(const v1::Review& review, absl::string_view reports_to) override {
    const absl::string_view code = OrganisationCodeOf(review.organisation());
    return tx_
        .Execute(
            "INSERT INTO reviews (year, period, organisation, revision, reports_to, body) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            {review.year(), review.period(), code, review.reviewed_revision().revision(),
             reports_to, Blob{review.SerializeAsString()}})
        .status();
  }

  absl::StatusOr<std::vector<v1::Review>> ListReviews(int year, int period,
                                                      absl::string_view reports_to) override {
    return ParseAll<v1::Review>(tx_.Query(
        "SELECT body FROM reviews WHERE year = ? AND (? = 0 OR period = ?) "
        "AND (? = '' OR reports_to = ?) ORDER BY organisation, period, revision",
        {year, period, period, reports_to, reports_to}));
  }

  absl::StatusOr<std::optional<v1::ForwardingPackage>> GetLatestPackage(
      absl::string_view supervisor, int year, int period) override {
    return ParseFirst<v1::ForwardingPackage>(tx_.Query(
        "SELECT body FROM packages WHERE year = ? AND period = ? AND supervisor = ? "
        "ORDER BY version DESC LIMIT 1",
        {year, period, supervisor}));
  }

  absl::StatusOr<std::optional<v1::ForwardingPackage>> GetPackage(absl::string_view supervisor,
                                                                  int year, int period,
                                                                  int version) override {
    return ParseFirst<v1::ForwardingPackage>(tx_.Query(
        "SELECT body FROM packages WHERE year = ? AND period = ? AND supervisor = ? "
        "AND version = ?",
        {year, period, supervisor, version}));
  }

  absl::Status PutPackage(const v1::ForwardingPackage& package) override {
    const absl::string_view code = OrganisationCodeOf(package.supervisor());
    return tx_
        .Execute(
            "INSERT INTO packages (year, period, supervisor, version, body) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (year, period, supervisor, version) "
            "DO UPDATE SET body = excluded.body",
            {package.year(), package.period(), code, package.version(),
             Blob{package.SerializeAsString()}})
        .status();
  }

  absl::StatusOr<bool> HasReminder(absl::string_view key) override {
    ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT 1 FROM reminders WHERE reminder_key = ?", {key}));
    return !rows.empty();
  }

  absl::StatusOr<int64_t> AppendReminder(v1::Reminder& reminder, absl::string_view key) override {
    ASSIGN_OR_RETURN(const int64_t sequence, storage::NextCounterValue(tx_, "reminders"));
    reminder.set_sequence(sequence);
    reminder.set_name(absl::StrCat("reminders/", sequence));
    RETURN_IF_ERROR(
        tx_.Execute("INSERT INTO reminders (sequence, reminder_key, addressee, "
                    "pending_mail, body) VALUES (?, ?, ?, ?, ?)",
                    {sequence, key, reminder.addressee(), reminder.email().empty() ? 0 : 1,
                     Blob{reminder.SerializeAsString()}})
            .status());
    return sequence;
  }

  absl::StatusOr<std::vector<v1::Reminder>> ListReminders(absl::string_view addressee,
                                                          int64_t after_sequence,
                                                          int limit) override {
    if (addressee.empty()) {
      return ParseAll<v1::Reminder>(
          tx_.Query("SELECT body FROM reminders WHERE sequence > ? ORDER BY sequence LIMIT ?",
                    {after_sequence, limit}));
    }
    return ParseAll<v1::Reminder>(
        tx_.Query("SELECT body FROM reminders WHERE addressee = ? AND sequence > ? "
                  "ORDER BY sequence LIMIT ?",
                  {addressee, after_sequence, limit}));
  }

  absl::StatusOr<std::vector<v1::Reminder>> UnmailedReminders(int limit) override {
    return ParseAll<v1::Reminder>(tx_.Query(
        "SELECT body FROM reminders WHERE pending_mail = 1 ORDER BY sequence LIMIT ?", {limit}));
  }

  absl::Status MarkMailed(int64_t sequence) override {
    ASSIGN_OR_RETURN(auto found, ParseFirst<v1::Reminder>(tx_.Query(
                                     "SELECT body FROM reminders WHERE sequence = ?", {sequence})));
    if (!found.has_value()) return absl::NotFoundError(absl::StrCat("reminders/", sequence));
    found->set_mailed(true);
    return tx_
        .Execute("UPDATE reminders SET pending_mail = 0, body = ? WHERE sequence = ?",
                 {Blob{found->SerializeAsString()}, sequence})
        .status();
  }

  absl::StatusOr<int64_t> LastReminderSequence() override {
    ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT MAX(sequence) FROM reminders", {}));
    if (rows.empty() || rows[0].IsNull(0)) return 0;
    return rows[0].Int(0);
  }

  absl::StatusOr<int> NextEvaluationVersion(int year) override {
    ASSIGN_OR_RETURN(const int64_t version,
                     storage::NextCounterValue(tx_, absl::StrCat("evaluations/", year)));
    return static_cast<int>(version);
  }

  absl::Status PutFrozenEvaluation(const v1::FrozenEvaluation& frozen) override {
    int year = 0, version = 0;
    const std::vector<absl::string_view> parts = absl::StrSplit(frozen.name(), '/');
    if (parts.size() != 4 || !absl::SimpleAtoi(parts[1], &year) ||
        !absl::SimpleAtoi(parts[3], &version)) {
      return absl::InternalError(absl::StrCat("not an evaluation name: ", frozen.name()));
    }
    return tx_
        .Execute("INSERT INTO frozen_evaluations (year, version, body) VALUES (?, ?, ?)",
                 {year, version, Blob{frozen.SerializeAsString()}})
        .status();
  }

  absl::StatusOr<std::optional<v1::FrozenEvaluation>> GetFrozenEvaluation(int year,
                                                                          int version) override {
    return ParseFirst<v1::FrozenEvaluation>(tx_.Query(
        "SELECT body FROM frozen_evaluations WHERE year = ? AND version = ?", {year, version}));
  }

  absl::StatusOr<std::vector<v1::ForwardingPackage>> ListLatestPackages(int year,
                                                                       int period) override {
    return ParseAll<v1::ForwardingPackage>(tx_.Query(
        "SELECT p.body FROM packages p WHERE p.year = ? AND p.period = ? AND p.version = "
        "(SELECT MAX(q.version) FROM packages q WHERE q.year = p.year AND q.period = p.period "
        "AND q.supervisor = p.supervisor) ORDER BY p.supervisor",
        {year, period}));
  }

  absl::StatusOr<std::vector<v1::ForwardingPackage>> ListAllLatestPackages() override {
    return ParseAll<v1::ForwardingPackage>(tx_.Query(
        "SELECT p.body FROM packages p WHERE p.version = "
        "(SELECT MAX(q.version) FROM packages q WHERE q.year = p.year AND q.period = p.period "
        "AND q.supervisor = p.supervisor) ORDER BY p.year, p.period, p.supervisor"));
  }

  absl::StatusOr<std::vector<DeficiencyCount>> CountOpenDeficiencies(int today) override {
    ASSIGN_OR_RETURN(
        auto rows,
        tx_.Query("SELECT reports_to, COUNT(*), SUM(CASE WHEN due < ? THEN 1 ELSE 0 END) "
                  "FROM deficiencies WHERE state != ? GROUP BY reports_to ORDER BY reports_to",
                  {today, static_cast<int>(v1::DEFICIENCY_STATE_CLOSED)}));
    std::vector<DeficiencyCount> counts;
    for (const storage::Row& row : rows) {
      counts.push_back({row.Text(0), static_cast<int>(row.Int(1)), static_cast<int>(row.Int(2))});
    }
    return counts;
  }

  absl::StatusOr<int> NextInspectionNumber(absl::string_view organisation) override {
    // A counter, not MAX(number) + 1: two replicas never take the same number.
    ASSIGN_OR_RETURN(const int64_t number,
                     storage::NextCounterValue(tx_, absl::StrCat("inspections/", organisation)));
    return static_cast<int>(number);
  }

  absl::Status InsertInspection(const v1::Inspection& inspection, int number,
                                int year) override {
    const absl::string_view code = OrganisationCodeOf(inspection.organisation());
    return tx_
        .Execute("INSERT INTO inspections (organisation, number, year, body) VALUES (?, ?, ?, ?)",
                 {code, number, year, Blob{inspection.SerializeAsString()}})
        .status();
  }

  absl::StatusOr<std::optional<v1::Inspection>> GetInspection(absl::string_view organisation,
                                                              int number) override {
    return ParseFirst<v1::Inspection>(tx_.Query(
        "SELECT body FROM inspections WHERE organisation = ? AND number = ?",
        {organisation, number}));
  }

  absl::StatusOr<std::vector<v1::Inspection>> ListInspections(absl::string_view organisation,
                                                              int year,
                                                              absl::string_view before_key,
                                                              int limit) override {
    // Keys are "{year}|{organisation}|{number}": resume before that row, newest first.
    int before_year = kNoKeyYear, before_number = 0;
    std::string before_organisation;
    if (!before_key.empty()) {
      const std::vector<std::string> parts = absl::StrSplit(before_key, '|');
      if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &before_year) ||
          !absl::SimpleAtoi(parts[2], &before_number)) {
        return absl::InvalidArgumentError("page_token: is not a token of this list");
      }
      before_organisation = parts[1];
    }
    return ParseAll<v1::Inspection>(
        tx_.Query("SELECT body FROM inspections WHERE (? = '' OR organisation = ?) "
                  "AND (? = 0 OR year = ?) AND (year, organisation, number) < (?, ?, ?) "
                  "ORDER BY year DESC, organisation DESC, number DESC LIMIT ?",
                  {organisation, organisation, year, year, before_year, before_organisation,
                   before_number, limit}));
  }

  absl::StatusOr<std::optional<v1::Deficiency>> GetDeficiency(absl::string_view name) override {
    return ParseFirst<v1::Deficiency>(
        tx_.Query("SELECT body FROM deficiencies WHERE name = ?", {name}));
  }

  absl::Status PutDeficiency(const v1::Deficiency& deficiency, absl::string_view organisation,
                             absl::string_view reports_to,
                             absl::string_view inspecting_organisation, int year) override {
    return tx_
        .Execute(
            "INSERT INTO deficiencies (name, organisation, reports_to, "
            "inspecting_organisation, year, state, due, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET organisation = excluded.organisation, "
            "reports_to = excluded.reports_to, "
            "inspecting_organisation = excluded.inspecting_organisation, year = excluded.year, "
            "state = excluded.state, due = excluded.due, body = excluded.body",
            {deficiency.name(), organisation, reports_to, inspecting_organisation, year,
             static_cast<int>(deficiency.state()), DayNumber(deficiency.due_date()),
             Blob{deficiency.SerializeAsString()}})
        .status();
  }

  absl::StatusOr<std::vector<v1::Deficiency>> ListDeficiencies(
      const DeficiencyQuery& q) override {
    // Keys are "{due}|{name}": resume after that row, in (due, name) order.
    int after_due = -1;
    std::string after_name;
    if (!q.after_key.empty()) {
      const size_t bar = q.after_key.find('|');
      if (bar == std::string::npos || !absl::SimpleAtoi(q.after_key.substr(0, bar), &after_due)) {
        return absl::InvalidArgumentError("page_token: is not a token of this list");
      }
      after_name = q.after_key.substr(bar + 1);
    }
    return ParseAll<v1::Deficiency>(tx_.Query(
        "SELECT body FROM deficiencies WHERE (due, name) > (?, ?) "
        "AND (? = '' OR organisation = ?) AND (? = '' OR reports_to = ?) "
        "AND (? = 0 OR state = ?) AND (? = 0 OR (due < ? AND state != ?)) "
        "AND (? = 1 OR organisation = ? OR reports_to = ? OR inspecting_organisation = ?) "
        "ORDER BY due, name LIMIT ?",
        {after_due, after_name, q.organisation, q.organisation, q.reports_to, q.reports_to,
         static_cast<int>(q.state), static_cast<int>(q.state), q.overdue_on, q.overdue_on,
         static_cast<int>(v1::DEFICIENCY_STATE_CLOSED), q.see_all, q.visible_organisation,
         q.visible_organisation, q.visible_organisation, q.limit}));
  }

  absl::StatusOr<std::vector<v1::Deficiency>> DeficienciesUnder(
      absl::string_view prefix) override {
    const std::string upper = storage::PrefixUpperBound(prefix);
    return ParseAll<v1::Deficiency>(tx_.Query(
        "SELECT body FROM deficiencies WHERE name >= ? AND name < ? ORDER BY name",
        {prefix, upper}));
  }

  absl::StatusOr<std::vector<std::pair<std::string, v1::Deficiency>>> DeficienciesOfYear(
      int year) override {
    ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT organisation, body FROM deficiencies WHERE year "
                                          "= ? ORDER BY organisation, name",
                                          {year}));
    std::vector<std::pair<std::string, v1::Deficiency>> out;
    for (const storage::Row& row : rows) {
      ASSIGN_OR_RETURN(auto deficiency, storage::ParseStored<v1::Deficiency>(row.Text(1)));
      out.emplace_back(row.Text(0), std::move(deficiency));
    }
    return out;
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<ReviewStore>> SqlReviewStore::Open(
    std::unique_ptr<storage::Database> database) {
  return storage::OpenSqlStore<ReviewStore, SqlReviewTransaction>(std::move(database), kMigrations);
}

}  // namespace svcup::reviews
