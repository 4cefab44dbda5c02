// The append-only event log behind WatchReportEvents: who may watch which recipient, and the
// events after a sequence (a reconnecting watcher resumes with no gap and no duplicate).
#ifndef SVCUP_SERVICES_REPORTS_REPORT_EVENTS_H_
#define SVCUP_SERVICES_REPORTS_REPORT_EVENTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/reports/report_aggregate.h"
#include "svcup/v1/reports.pb.h"

namespace svcup::reports {

// Reads of the event log (see reports.proto).
class ReportEvents final : public ReportAggregate {
 public:
  using ReportAggregate::ReportAggregate;

  // Opens a watch: checks the caller may watch the recipient and that after_sequence is within
  // the log. Returns the recipient code to filter events by ("" for the whole tree).
  absl::StatusOr<std::string> OpenWatch(const v1::Principal& caller,
                                        const v1::WatchReportEventsRequest& request);

  // Up to `limit` events after `after_sequence` for a watch opened by OpenWatch.
  absl::StatusOr<std::vector<v1::ReportEvent>> EventsAfter(absl::string_view recipient_filter,
                                                           int64_t after_sequence, int limit);
};

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_REPORT_EVENTS_H_
