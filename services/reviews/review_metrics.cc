#include "services/reviews/review_metrics.h"

#include "absl/strings/str_cat.h"
#include "common/metrics/state_metrics.h"
#include "common/server/log.h"

namespace svcup::reviews {

std::shared_ptr<prometheus::Collectable> ReviewStateMetrics(ReviewRegistry& registry) {
  return std::make_shared<StateMetrics>([&registry] {
    auto forwarded = GaugeFamily("svcup_packages_forwarded",
                                 "1 once the supervisor has forwarded its package of the period.");
    auto late = GaugeFamily("svcup_packages_forwarded_late",
                            "1 when the supervisor's package of the period was forwarded after "
                            "the ministry's due date.");
    auto open = GaugeFamily("svcup_deficiencies_open",
                            "Inspection deficiencies not closed, by the agencies' supervisor.");
    auto overdue = GaugeFamily("svcup_deficiencies_overdue",
                               "Inspection deficiencies not closed and past their due date, by "
                               "the agencies' supervisor.");
    auto counts = registry.CountState();
    if (!counts.ok()) {
      Log("warning", "metrics: cannot count stored state",
          {{"error", std::string(counts.status().message())}});
    } else {
      for (const v1::ForwardingPackage& p : counts->packages) {
        const std::map<std::string, std::string> labels = {{"supervisor", p.supervisor()},
                                                           {"year", absl::StrCat(p.year())},
                                                           {"period", absl::StrCat(p.period())}};
        AddSample(forwarded, labels, 1);
        AddSample(late, labels, p.late() ? 1 : 0);
      }
      for (const DeficiencyCount& d : counts->deficiencies) {
        AddSample(open, {{"reports_to", absl::StrCat("orgs/", d.reports_to)}}, d.open);
        AddSample(overdue, {{"reports_to", absl::StrCat("orgs/", d.reports_to)}}, d.overdue);
      }
    }
    return std::vector<prometheus::MetricFamily>{std::move(forwarded), std::move(late),
                                                 std::move(open), std::move(overdue)};
  });
}

}  // namespace svcup::reviews
