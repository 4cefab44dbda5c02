// What every aggregate of the reports service works with: its store, the plans service (as an
// interface), the notifier that wakes watch streams, and the clock.
//
// Every call needs the hierarchy (for the policy), which comes from the plans service: when
// plans is down and nothing usable is cached, calls answer UNAVAILABLE and write nothing.
#ifndef SVCUP_SERVICES_REPORTS_REPORT_AGGREGATE_H_
#define SVCUP_SERVICES_REPORTS_REPORT_AGGREGATE_H_

#include "common/api/clock.h"
#include "common/hierarchy/plans_gateway.h"
#include "common/server/event_notifier.h"
#include "services/reports/report_store.h"

namespace svcup::reports {

// The base of the reports aggregates. Thread-safe: it holds no mutable state of its own.
class ReportAggregate {
 public:
  // All must outlive the aggregate.
  ReportAggregate(ReportStore& store, PlansGateway& plans, EventNotifier& events,
                  const Clock& clock)
      : store_(store), plans_(plans), events_(events), clock_(clock) {}

 protected:
  ReportStore& store_;
  PlansGateway& plans_;
  EventNotifier& events_;
  const Clock& clock_;
};

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_REPORT_AGGREGATE_H_
