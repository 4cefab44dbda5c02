// The domain of the reports service, one aggregate per kind of resource, each in its own file:
// Reports (reports.h), Readings (readings.h), the CompletenessBoard, the ReportEvents log and
// the IndicatorAnalyst;
// plus the audit trail. No gRPC here: handlers pass the caller and the request and get a
// resource or a status; the plans service is reached through PlansGateway.
#ifndef SVCUP_SERVICES_REPORTS_REPORT_REGISTRY_H_
#define SVCUP_SERVICES_REPORTS_REPORT_REGISTRY_H_

#include "absl/status/statusor.h"
#include "services/reports/completeness_board.h"
#include "services/reports/indicator_analyst.h"
#include "services/reports/readings.h"
#include "services/reports/report_events.h"
#include "services/reports/reports.h"

namespace svcup::reports {

// The reports service's aggregates over one store. Thread-safe.
class ReportRegistry {
 public:
  // All must outlive the registry.
  ReportRegistry(ReportStore& store, PlansGateway& plans, EventNotifier& events, const Clock& clock)
      : store_(store),
        plans_(plans),
        reports_(store, plans, events, clock),
        readings_(store, plans, events, clock),
        completeness_(store, plans, events, clock),
        events_(store, plans, events, clock),
        analyst_(store, plans, events, clock) {}

  Reports& reports() { return reports_; }
  Readings& readings() { return readings_; }
  CompletenessBoard& completeness() { return completeness_; }
  ReportEvents& events() { return events_; }
  IndicatorAnalyst& analyst() { return analyst_; }

  // The audit trail and its verification (ministry officers and operators). Verification also
  // re-checks every stored revision: its content still has its digest, the digest the audit
  // trail recorded when it was submitted.
  absl::StatusOr<v1::ListAuditRecordsResponse> ListAuditRecords(
      const v1::Principal& caller, const v1::ListAuditRecordsRequest& request);
  absl::StatusOr<v1::AuditVerification> VerifyAuditTrail(const v1::Principal& caller);

 private:
  ReportStore& store_;
  PlansGateway& plans_;
  Reports reports_;
  Readings readings_;
  CompletenessBoard completeness_;
  ReportEvents events_;
  IndicatorAnalyst analyst_;
};

}  // namespace svcup::reports

#endif  // SVCUP_SERVICES_REPORTS_REPORT_REGISTRY_H_
