// Completeness of a reporting period for a recipient of reports: each agency on time, late,
// missing or not yet due, for the supervisor and the ministry, and for the metrics endpoint.
#ifndef SVCUP_SERVICES_REPORTS_COMPLETENESS_BOARD_H_
#define SVCUP_SERVICES_REPORTS_COMPLETENESS_BOARD_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "services/reports/report_aggregate.h"
#include "services/reports/report_scope.h"
#include "svcup/v1/reports.pb.h"

namespace svcup::reports {

// Completeness views (see reports.proto).
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
  // What completeness is computed from: each agency's first revision and its report's state.
  struct PeriodSnapshot {
    absl::flat_hash_map<std::string, v1::ReportRevision> first_by_org;
    absl::flat_hash_map<std::string, v1::ReportState> state_by_org;
  };
  absl::StatusOr<PeriodSnapshot> ReadPeriodSnapshot(int year, int period);
  // The completeness of recipient `code` (or, with whole_tree, of the whole tree under it).
  v1::Completeness BuildCompleteness(const OrganisationDirectory& directory,
                                     const std::string& code, bool whole_tree,
                                     const PeriodScope& period,
                                     const PeriodSnapshot& snapshot) const;
};

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_COMPLETENESS_BOARD_H_
