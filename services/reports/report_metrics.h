// The reports service's metrics of stored state, computed at each scrape (so they are right
// straight after a restart), for every year that has reports plus the current one:
//   svcup_reports_expected{recipient,year,period}         agencies that owe the recipient a report
//   svcup_reports_submitted{recipient,year,period}        agencies that submitted (first revision)
//   svcup_reports_submitted_late{recipient,year,period}   of which after the due date
//   svcup_reports_missing{recipient,year,period}          due date passed, nothing submitted
//                                                         (open periods: this year and last)
//   svcup_reports_awaiting_review{recipient,year,period}  latest revision awaiting review (the
//                                                         review backlog)
//   svcup_watch_streams_open                              WatchReportEvents streams open now
//   svcup_watch_stream_max_behind_seconds                 longest time an open stream has gone
//                                                         without catching up with the log
// `recipient` is the organisation reports are routed to (a supervisory office, or orgs/moj for
// the agencies reporting to the ministry directly).
#ifndef SVCUP_SERVICES_REPORTS_REPORT_METRICS_H_
#define SVCUP_SERVICES_REPORTS_REPORT_METRICS_H_

#include <prometheus/collectable.h>

#include <memory>

#include "common/api/clock.h"
#include "common/server/event_notifier.h"
#include "services/reports/report_registry.h"

namespace svcup::reports {

// The collectable; `registry`, `events` and `clock` must outlive it.
std::shared_ptr<prometheus::Collectable> ReportStateMetrics(ReportRegistry& registry,
                                                            const EventNotifier& events,
                                                            const Clock& clock);

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_REPORT_METRICS_H_
