// What every aggregate of the reviews service works with: its store, the plans and reports
// services (as interfaces), and the clock.
#ifndef SVCUP_SERVICES_REVIEWS_REVIEW_AGGREGATE_H_
#define SVCUP_SERVICES_REVIEWS_REVIEW_AGGREGATE_H_

#include "common/api/clock.h"
#include "common/hierarchy/plans_gateway.h"
#include "services/reviews/reports_client.h"
#include "services/reviews/review_store.h"

namespace svcup::reviews {

// The base of the reviews aggregates. Thread-safe: it holds no mutable state of its own.
class ReviewAggregate {
 public:
  // All must outlive the aggregate.
  ReviewAggregate(ReviewStore& store, PlansGateway& plans, ReportsClient& reports,
                  const Clock& clock)
      : store_(store), plans_(plans), reports_(reports), clock_(clock) {}

 protected:
  ReviewStore& store_;
  PlansGateway& plans_;
  ReportsClient& reports_;
  const Clock& clock_;
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_REVIEW_AGGREGATE_H_
