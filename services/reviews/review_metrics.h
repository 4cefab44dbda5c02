// The reviews service's metrics of stored state, computed at each scrape (right straight after a
// restart):
//   svcup_packages_forwarded{supervisor,year,period}       1 once the supervisor has forwarded
//   svcup_packages_forwarded_late{supervisor,year,period}  1 when that came after the ministry's
//                                                          due date
//   svcup_deficiencies_open{reports_to}                    deficiencies not closed, by the
//                                                          agencies' supervisor
//   svcup_deficiencies_overdue{reports_to}                 of which past their due date
#ifndef SVCUP_SERVICES_REVIEWS_REVIEW_METRICS_H_
#define SVCUP_SERVICES_REVIEWS_REVIEW_METRICS_H_

#include <prometheus/collectable.h>

#include <memory>

#include "services/reviews/review_registry.h"

namespace svcup::reviews {

// The collectable; `registry` must outlive it.
std::shared_ptr<prometheus::Collectable> ReviewStateMetrics(ReviewRegistry& registry);

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_REVIEW_METRICS_H_
