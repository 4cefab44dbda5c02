#include "services/reports/report_events.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/names.h"
#include "common/api/paging.h"
#include "common/api/validation.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "services/reports/report_rules.h"
#include "services/reports/report_scope.h"

namespace svcup::reports {

absl::StatusOr<std::string> ReportEvents::OpenWatch(const v1::Principal& caller,
                                                    const v1::WatchReportEventsRequest& request) {
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("recipient", request.recipient()));
  ASSIGN_OR_RETURN(auto scope,
                   OpenScope(plans_, "recipient", code, caller, Action::kReadRestricted,
                             absl::StrCat("watch the reports addressed to ", request.recipient())));
  RETURN_IF_ERROR(
      CheckRecipient(caller, *scope.directory, code,
                     absl::StrCat("watch the reports addressed to ", request.recipient())));
  if (request.whole_tree() && !scope.directory->tree().IsRoot(code)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "whole_tree: applies to the top of the tree (orgs/", scope.directory->root(), ") only"));
  }
  if (request.after_sequence() < 0) {
    return absl::InvalidArgumentError("after_sequence: must be 0 or a sequence seen before");
  }
  int64_t last = 0;
  if (auto s = store_.Read([&](ReportTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto found, tx.LastEventSequence());
        last = found;
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  if (request.after_sequence() > last) {
    return absl::OutOfRangeError(absl::StrCat(
        "after_sequence: ", request.after_sequence(), " is beyond the end of the log (", last,
        "); was this service's database replaced? Resume from 0"));
  }
  return request.whole_tree() ? std::string() : code;
}

absl::StatusOr<std::vector<v1::ReportEvent>> ReportEvents::EventsAfter(
    absl::string_view recipient_filter, int64_t after_sequence, int limit) {
  std::vector<v1::ReportEvent> events;
  if (auto s = store_.Read([&](ReportTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto found, tx.ListEvents(recipient_filter, after_sequence, limit));
        events = std::move(found);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return events;
}

}  // namespace svcup::reports
