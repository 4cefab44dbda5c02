// Persistence of the reports service behind a small interface: reports, their immutable
// revisions, the append-only event log, and indicator readings. SQL lives in
// sql_report_store.cc only.
#ifndef SVCUP_SERVICES_REPORTS_REPORT_STORE_H_
#define SVCUP_SERVICES_REPORTS_REPORT_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "common/storage/ledger.h"
#include "svcup/v1/reports.pb.h"

namespace svcup::reports {

// Which reports a listing returns.
struct ReportQuery {
  // Gregorian year. Required.
  int year = 0;
  // 1 or 2; 0 for both.
  int period = 0;
  // Only reports addressed to this recipient code; empty for any.
  std::string recipient;
  // Only this state; UNSPECIFIED for any.
  v1::ReportState state = v1::REPORT_STATE_UNSPECIFIED;
  // Visibility: when false, only reports of `visible_organisation` or addressed to it.
  bool see_all = false;
  std::string visible_organisation;
  // Resume after this key ("{organisation}|{period}").
  std::string after_key;
  // Most reports to return.
  int limit = 50;

  // Every report of (year, period), whoever it is addressed to.
  static ReportQuery AllOf(int year, int period) {
    ReportQuery query;
    query.year = year;
    query.period = period;
    query.see_all = true;
    query.limit = 1 << 20;
    return query;
  }
};

// The operations of one transaction of the reports store. Errors beyond those listed:
// UNAVAILABLE (busy, retry), INTERNAL (the database failed), DATA_LOSS (unreadable row).
class ReportTransaction : public storage::LedgerTransaction {
 public:
  // The report of (organisation code, year, period), if any.
  virtual absl::StatusOr<std::optional<v1::ProgressReport>> GetReport(
      absl::string_view organisation, int year, int period) = 0;

  // Inserts or replaces a report (keyed by organisation, year and period).
  virtual absl::Status PutReport(const v1::ProgressReport& report) = 0;

  // Stores a new report (as PutReport) and counts it in ReportsCreated.
  virtual absl::Status InsertReport(const v1::ProgressReport& report) = 0;

  // Reports matching `query`, ordered by organisation code then period.
  virtual absl::StatusOr<std::vector<v1::ProgressReport>> ListReports(
      const ReportQuery& query) = 0;

  // One revision, if any.
  virtual absl::StatusOr<std::optional<v1::ReportRevision>> GetRevision(
      absl::string_view organisation, int year, int period, int revision) = 0;

  // Inserts a revision. ALREADY_EXISTS if that number exists (revisions are immutable).
  virtual absl::Status InsertRevision(absl::string_view organisation, int year, int period,
                                      const v1::ReportRevision& revision) = 0;

  // Revisions of a report with number > after_revision, oldest first, at most `limit`.
  virtual absl::StatusOr<std::vector<v1::ReportRevision>> ListRevisions(
      absl::string_view organisation, int year, int period, int after_revision, int limit) = 0;

  // A revision with its place in storage, for walking every stored revision.
  struct StoredRevision {
    int64_t position = 0;
    v1::ReportRevision revision;
  };
  // Up to `limit` stored revisions after `after_position`, in storage order.
  virtual absl::StatusOr<std::vector<StoredRevision>> RevisionsAfter(int64_t after_position,
                                                                     int limit) = 0;

  // The first revision of every report of (year, period), whatever its recipient.
  virtual absl::StatusOr<std::vector<v1::ReportRevision>> FirstRevisions(int year,
                                                                         int period) = 0;

  // Appends an event to the log and returns its sequence (also set in the stored event).
  virtual absl::StatusOr<int64_t> AppendEvent(v1::ReportEvent event) = 0;

  // Events with sequence > after_sequence addressed to `recipient` (every event when empty),
  // in sequence order, at most `limit`.
  virtual absl::StatusOr<std::vector<v1::ReportEvent>> ListEvents(absl::string_view recipient,
                                                                  int64_t after_sequence,
                                                                  int limit) = 0;

  // The years that have reports, ascending.
  virtual absl::StatusOr<std::vector<int>> ReportYears() = 0;

  // The highest sequence of the log (0 when empty).
  virtual absl::StatusOr<int64_t> LastEventSequence() = 0;

  // How many reports InsertReport has stored in all (one row read: it moves whenever a report
  // is created, in whichever replica).
  virtual absl::StatusOr<int64_t> ReportsCreated() = 0;

  // Stores a batch of readings unless (organisation, batch_id) was stored before; returns
  // whether it was stored now.
  virtual absl::StatusOr<bool> InsertReadingBatch(const v1::RecordReadingsRequest& batch,
                                                  absl::string_view organisation) = 0;

  // Aggregates of an organisation's readings with from <= time <= to, by indicator.
  virtual absl::StatusOr<std::vector<v1::IndicatorAggregate>> SummariseReadings(
      absl::string_view organisation, absl::Time from, absl::Time to) = 0;
};

// The reports store.
class ReportStore {
 public:
  // The transaction type Write() and Read() hand to their callables.
  using Transaction = ReportTransaction;

  virtual ~ReportStore() = default;

  // Runs `fn` in a read-write transaction; commits if it returns OK. Durable once OK.
  virtual absl::Status Write(absl::FunctionRef<absl::Status(ReportTransaction&)> fn) = 0;

  // Runs `fn` in a read-only snapshot.
  virtual absl::Status Read(absl::FunctionRef<absl::Status(ReportTransaction&)> fn) = 0;
};

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_REPORT_STORE_H_
