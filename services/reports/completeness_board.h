// Completeness of a reporting period for a recipient of reports: each agency on time, late,
// missing or not yet due, for the supervisor and the ministry, and for the metrics endpoint.
#ifndef SVCUP_SERVICES_REPORTS_COMPLETENESS_BOARD_H_
#define SVCUP_SERVICES_REPORTS_COMPLETENESS_BOARD_H_

#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/reports/report_aggregate.h"
#include "services/reports/report_scope.h"
#include "svcup/v1/reports.pb.h"

namespace svcup::reports {

// Completeness views (see reports.proto).
//
// What completeness is computed from (each agency's first revision and its report's state) is
// kept per (year, period) and read again only when the event log grew or a report was created
// since: two short queries a call instead of reading every report and first revision. Every
// submission and decision appends an event, and a new draft adds a report, in whichever
// replica wrote them. The view built from it (every agency's line and the totals) is kept per
// recipient and scope until the snapshot, the hierarchy or the day in Taipei (after which an
// unsubmitted report may be missing rather than pending) changes; a call copies one page.
class CompletenessBoard final : public ReportAggregate {
 public:
  using ReportAggregate::ReportAggregate;

  absl::StatusOr<v1::Completeness> GetCompleteness(const v1::Principal& caller,
                                                   const v1::GetCompletenessRequest& request);

  // The completeness of (year, period) for every recipient of reports (each supervisory
  // office, and the top of the tree for the agencies reporting to it directly), for no caller
  // in particular: the metrics endpoint's view.
  absl::StatusOr<std::vector<v1::Completeness>> CompletenessByRecipient(int year, int period);

  // The years that have reports, ascending.
  absl::StatusOr<std::vector<int>> ReportYears();

 private:
  // Most agency lines an answer holds, and the default.
  static constexpr int kMaxLines = 1000;

  // What completeness is computed from: each agency's first revision and its report's state.
  struct PeriodSnapshot {
    absl::flat_hash_map<std::string, v1::ReportRevision> first_by_org;
    absl::flat_hash_map<std::string, v1::ReportState> state_by_org;
  };
  // The snapshot of (year, period): the kept one while it is current, else read anew.
  absl::StatusOr<std::shared_ptr<const PeriodSnapshot>> ReadPeriodSnapshot(int year, int period);
  // A kept snapshot and the log position and reports-created count it was read at.
  struct KeptSnapshot {
    int64_t last_event = -1;
    int64_t reports = -1;
    std::shared_ptr<const PeriodSnapshot> snapshot;
  };
  // The completeness of a recipient on one Taipei day, every line, as_of unset; and what it
  // was built from.
  struct View {
    std::shared_ptr<const OrganisationDirectory> directory;
    std::shared_ptr<const PeriodSnapshot> snapshot;
    absl::CivilDay day;
    v1::Completeness completeness;
  };
  // The kept view of recipient `code` (or the whole tree under it), built anew if what it was
  // built from changed.
  std::shared_ptr<const View> ReadView(std::shared_ptr<const OrganisationDirectory> directory,
                                       const std::string& code, bool whole_tree,
                                       const PeriodScope& period,
                                       std::shared_ptr<const PeriodSnapshot> snapshot,
                                       absl::Time now);
  absl::Mutex mu_;
  absl::flat_hash_map<std::pair<int, int>, KeptSnapshot> kept_ ABSL_GUARDED_BY(mu_);
  // By (year, period, recipient, whole tree).
  absl::flat_hash_map<std::tuple<int, int, std::string, bool>, std::shared_ptr<const View>> views_
      ABSL_GUARDED_BY(mu_);
  // The completeness of recipient `code` (or, with whole_tree, of the whole tree under it) at
  // `now`, every line, lines ordered by organisation.
  v1::Completeness BuildCompleteness(const OrganisationDirectory& directory,
                                     const std::string& code, bool whole_tree,
                                     const PeriodScope& period, const PeriodSnapshot& snapshot,
                                     absl::Time now) const;
};

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_COMPLETENESS_BOARD_H_
