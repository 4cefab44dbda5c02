// The domain of the reviews service, one aggregate per kind of resource, each in its own file:
// Reviews (reviews.h), Packages (packages.h), Inspections (inspections.h), Evaluations
// (evaluations.h) and the DocumentRenderer; plus the audit trail and what the metrics count.
// No gRPC here: the other services are reached through PlansGateway and ReportsClient.
//
// Facts from the other services are copied when relied on: a review keeps the revision it
// reviewed (with its digest), a package keeps each entry's revision, digest and rating.
#ifndef SVCUP_SERVICES_REVIEWS_REVIEW_REGISTRY_H_
#define SVCUP_SERVICES_REVIEWS_REVIEW_REGISTRY_H_

#include <vector>

#include "absl/status/statusor.h"
#include "services/reviews/document_renderer.h"
#include "services/reviews/evaluations.h"
#include "services/reviews/inspections.h"
#include "services/reviews/packages.h"
#include "services/reviews/reminders.h"
#include "services/reviews/reviews.h"

namespace svcup::reviews {

// The reviews service's aggregates over one store. Thread-safe.
class ReviewRegistry {
 public:
  // All must outlive the registry.
  // `reminder_email_pattern` ("{code}@moj.example") addresses reminder mail; empty: none.
  ReviewRegistry(ReviewStore& store, PlansGateway& plans, ReportsClient& reports,
                 const Clock& clock, std::string reminder_email_pattern = "")
      : store_(store),
        plans_(plans),
        clock_(clock),
        reviews_(store, plans, reports, clock),
        packages_(store, plans, reports, clock),
        inspections_(store, plans, reports, clock),
        evaluations_(store, plans, reports, clock),
        documents_(store, plans, reports, clock, reviews_, packages_),
        reminders_(store, plans, reports, clock, reminder_events_,
                   std::move(reminder_email_pattern)) {}

  Reviews& reviews() { return reviews_; }
  Packages& packages() { return packages_; }
  Inspections& inspections() { return inspections_; }
  Evaluations& evaluations() { return evaluations_; }
  DocumentRenderer& documents() { return documents_; }
  Reminders& reminders() { return reminders_; }

  // The audit trail and its verification (ministry officers and operators).
  absl::StatusOr<v1::ListAuditRecordsResponse> ListAuditRecords(
      const v1::Principal& caller, const v1::ListAuditRecordsRequest& request);
  absl::StatusOr<v1::AuditVerification> VerifyAuditTrail(const v1::Principal& caller);

  // What the metrics endpoint counts: the latest package of every (supervisor, year, period)
  // and the deficiencies not closed, by supervisor (overdue by the service clock).
  struct StateCounts {
    std::vector<v1::ForwardingPackage> packages;
    std::vector<DeficiencyCount> deficiencies;
  };
  absl::StatusOr<StateCounts> CountState();

 private:
  ReviewStore& store_;
  PlansGateway& plans_;
  const Clock& clock_;
  Reviews reviews_;
  Packages packages_;
  Inspections inspections_;
  Evaluations evaluations_;
  DocumentRenderer documents_;
  EventNotifier reminder_events_;
  Reminders reminders_;
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_REVIEW_REGISTRY_H_
