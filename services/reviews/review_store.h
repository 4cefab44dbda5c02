// Persistence of the reviews service behind a small interface: reviews (with the revision they
// reviewed), forwarding package versions, inspections and their deficiencies. SQL lives in
// sql_review_store.cc only.
#ifndef SVCUP_SERVICES_REVIEWS_REVIEW_STORE_H_
#define SVCUP_SERVICES_REVIEWS_REVIEW_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "common/storage/ledger.h"
#include "svcup/v1/reviews.pb.h"

namespace svcup::reviews {

// Which deficiencies a listing returns.
struct DeficiencyQuery {
  std::string organisation;  // code; empty for any
  std::string reports_to;    // code of the agencies' supervisor; empty for any
  v1::DeficiencyState state = v1::DEFICIENCY_STATE_UNSPECIFIED;
  // Only those due before this day (DayNumber) and not closed; 0 for no such filter.
  int overdue_on = 0;
  // Visibility: when false, only deficiencies of `visible_organisation`, of its agencies, or
  // found by it.
  bool see_all = false;
  std::string visible_organisation;
  std::string after_key;  // resume after "{due YYYYMMDD}|{name}"
  int limit = 50;
};

// A day as the store orders and filters deficiencies by it: YYYYMMDD.
inline int DayNumber(const v1::Date& d) { return d.year() * 10000 + d.month() * 100 + d.day(); }

// Deficiencies not closed, of the agencies of one supervisor.
struct DeficiencyCount {
  std::string reports_to;  // the supervisor's code
  int open = 0;            // open or answered
  int overdue = 0;         // of which past their due date
};

// The operations of one transaction of the reviews store. Errors beyond those listed:
// UNAVAILABLE (busy, retry), INTERNAL, DATA_LOSS (unreadable row).
class ReviewTransaction : public storage::LedgerTransaction {
 public:
  // The review of a revision, if any.
  virtual absl::StatusOr<std::optional<v1::Review>> GetReview(absl::string_view organisation,
                                                              int year, int period,
                                                              int revision) = 0;
  // Inserts a review. ALREADY_EXISTS when the revision was reviewed.
  virtual absl::Status InsertReview(const v1::Review& review, absl::string_view reports_to) = 0;
  // Reviews of a year (and period unless 0), optionally of agencies reporting to `reports_to`,
  // ordered by organisation, period and revision.
  virtual absl::StatusOr<std::vector<v1::Review>> ListReviews(int year, int period,
                                                              absl::string_view reports_to) = 0;

  // The latest version of a supervisor's package for (year, period), if any.
  virtual absl::StatusOr<std::optional<v1::ForwardingPackage>> GetLatestPackage(
      absl::string_view supervisor, int year, int period) = 0;
  // One version, if any.
  virtual absl::StatusOr<std::optional<v1::ForwardingPackage>> GetPackage(
      absl::string_view supervisor, int year, int period, int version) = 0;
  // Inserts or replaces a package version.
  virtual absl::Status PutPackage(const v1::ForwardingPackage& package) = 0;
  // The latest version of every supervisor's package for (year, period).
  virtual absl::StatusOr<std::vector<v1::ForwardingPackage>> ListLatestPackages(int year,
                                                                               int period) = 0;

  // Whether a reminder with `key` was sent.
  virtual absl::StatusOr<bool> HasReminder(absl::string_view key) = 0;
  // Appends a reminder to the log under `key` (unique): sets and returns its sequence.
  virtual absl::StatusOr<int64_t> AppendReminder(v1::Reminder& reminder, absl::string_view key) = 0;
  // Reminders with sequence > after_sequence addressed to `addressee` (every one when empty),
  // oldest first, at most `limit`.
  virtual absl::StatusOr<std::vector<v1::Reminder>> ListReminders(absl::string_view addressee,
                                                                  int64_t after_sequence,
                                                                  int limit) = 0;
  // Reminders with an e-mail address not yet accepted by the relay, oldest first.
  virtual absl::StatusOr<std::vector<v1::Reminder>> UnmailedReminders(int limit) = 0;
  // Records that the relay accepted reminder `sequence`.
  virtual absl::Status MarkMailed(int64_t sequence) = 0;
  // The highest sequence of the reminder log (0 when empty).
  virtual absl::StatusOr<int64_t> LastReminderSequence() = 0;

  // The version the next frozen evaluation of `year` takes (1, 2, ...).
  virtual absl::StatusOr<int> NextEvaluationVersion(int year) = 0;
  // Stores a frozen evaluation (immutable: ALREADY_EXISTS if its version exists).
  virtual absl::Status PutFrozenEvaluation(const v1::FrozenEvaluation& frozen) = 0;
  // One frozen evaluation of `year`, if any.
  virtual absl::StatusOr<std::optional<v1::FrozenEvaluation>> GetFrozenEvaluation(int year,
                                                                                  int version) = 0;

  // The latest version of every package of every year and period.
  virtual absl::StatusOr<std::vector<v1::ForwardingPackage>> ListAllLatestPackages() = 0;
  // Deficiencies not closed, by supervisor; overdue when due before `today` (DayNumber).
  virtual absl::StatusOr<std::vector<DeficiencyCount>> CountOpenDeficiencies(int today) = 0;

  // The number the next inspection of `organisation` takes (1, 2, ...).
  virtual absl::StatusOr<int> NextInspectionNumber(absl::string_view organisation) = 0;
  // Inserts an inspection (its deficiencies are stored with PutDeficiency).
  virtual absl::Status InsertInspection(const v1::Inspection& inspection, int number,
                                        int year) = 0;
  // One inspection, as recorded (without its deficiencies' current state).
  virtual absl::StatusOr<std::optional<v1::Inspection>> GetInspection(
      absl::string_view organisation, int number) = 0;
  // Inspections of an organisation (every one when empty) in a year (every year when 0), newest
  // first, numbered below `before` (for paging; INT32_MAX for the first page).
  virtual absl::StatusOr<std::vector<v1::Inspection>> ListInspections(
      absl::string_view organisation, int year, absl::string_view before_key, int limit) = 0;

  // One deficiency, if any.
  virtual absl::StatusOr<std::optional<v1::Deficiency>> GetDeficiency(absl::string_view name) = 0;
  // Inserts or replaces a deficiency with the columns its queries need.
  virtual absl::Status PutDeficiency(const v1::Deficiency& deficiency,
                                     absl::string_view organisation,
                                     absl::string_view reports_to,
                                     absl::string_view inspecting_organisation, int year) = 0;
  // Deficiencies matching `query`, by due date then name.
  virtual absl::StatusOr<std::vector<v1::Deficiency>> ListDeficiencies(
      const DeficiencyQuery& query) = 0;
  // Deficiencies whose name starts with `prefix` (one inspection's, one organisation's).
  virtual absl::StatusOr<std::vector<v1::Deficiency>> DeficienciesUnder(
      absl::string_view prefix) = 0;
  // Deficiencies found in inspections of a year, by organisation code.
  virtual absl::StatusOr<std::vector<std::pair<std::string, v1::Deficiency>>> DeficienciesOfYear(
      int year) = 0;
};

// The reviews store.
class ReviewStore {
 public:
  // The transaction type Write() and Read() hand to their callables.
  using Transaction = ReviewTransaction;

  virtual ~ReviewStore() = default;

  // Runs `fn` in a read-write transaction; commits if it returns OK. Durable once OK.
  virtual absl::Status Write(absl::FunctionRef<absl::Status(ReviewTransaction&)> fn) = 0;

  // Runs `fn` in a read-only snapshot.
  virtual absl::Status Read(absl::FunctionRef<absl::Status(ReviewTransaction&)> fn) = 0;
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_REVIEW_STORE_H_
