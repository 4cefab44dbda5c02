#include "services/reports/report_metrics.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/calendar/roc_calendar.h"
#include "common/metrics/state_metrics.h"
#include "common/server/log.h"

namespace svcup::reports {

std::shared_ptr<prometheus::Collectable> ReportStateMetrics(ReportRegistry& registry,
                                                            const EventNotifier& events,
                                                            const Clock& clock) {
  return std::make_shared<StateMetrics>([&registry, &events, &clock] {
    auto expected = GaugeFamily("svcup_reports_expected",
                                "Agencies that owe the recipient a report of the period.");
    auto submitted = GaugeFamily("svcup_reports_submitted",
                                 "Agencies that have submitted their report of the period.");
    auto late = GaugeFamily("svcup_reports_submitted_late",
                            "Agencies whose first submission of the period came after the due "
                            "date.");
    auto missing = GaugeFamily("svcup_reports_missing",
                               "Agencies whose report of an open period (this year or last) is "
                               "past its due date and not submitted.");
    auto awaiting = GaugeFamily("svcup_reports_awaiting_review",
                                "Reports whose latest revision awaits review (the review "
                                "backlog).");
    const int this_year = static_cast<int>(TaipeiDate(clock.Now()).year());
    std::set<int> years = {this_year};
    if (auto stored = registry.completeness().ReportYears(); stored.ok()) {
      years.insert(stored->begin(), stored->end());
    } else {
      Log("warning", "metrics: cannot list report years",
          {{"error", std::string(stored.status().message())}});
    }
    for (const int year : years) {
      for (const int period : {1, 2}) {
        auto all = registry.completeness().CompletenessByRecipient(year, period);
        if (!all.ok()) {
          // A year without a published plan, or a period the plan lacks, has nothing to count.
          if (all.status().code() != absl::StatusCode::kFailedPrecondition &&
              all.status().code() != absl::StatusCode::kInvalidArgument &&
              all.status().code() != absl::StatusCode::kNotFound) {
            Log("warning", "metrics: cannot compute completeness",
                {{"year", absl::StrCat(year)}, {"error", std::string(all.status().message())}});
          }
          continue;
        }
        for (const v1::Completeness& c : *all) {
          const std::map<std::string, std::string> labels = {
              {"recipient", c.recipient()},
              {"year", absl::StrCat(year)},
              {"period", absl::StrCat(period)}};
          int backlog = 0;
          for (const v1::AgencyCompleteness& a : c.agencies()) {
            backlog += a.report_state() == v1::REPORT_STATE_SUBMITTED;
          }
          AddSample(expected, labels, c.total());
          AddSample(submitted, labels, c.on_time() + c.late());
          AddSample(late, labels, c.late());
          // Missing reports are "now" only for open periods: this year's, and last year's
          // (its period 2 is due in January); older ones are history, not something to chase.
          if (year >= this_year - 1) AddSample(missing, labels, c.missing());
          AddSample(awaiting, labels, backlog);
        }
      }
    }
    const EventNotifier::StreamStats streams = events.Streams(absl::Now());
    auto open = GaugeFamily("svcup_watch_streams_open", "WatchReportEvents streams open now.");
    AddSample(open, {}, streams.open);
    auto behind = GaugeFamily("svcup_watch_stream_max_behind_seconds",
                              "Longest time an open watch stream has gone without catching up "
                              "with the event log (0 when every stream is caught up).");
    AddSample(behind, {}, absl::ToDoubleSeconds(streams.max_behind));
    return std::vector<prometheus::MetricFamily>{std::move(expected), std::move(submitted), std::move(late),
                                                 std::move(missing), std::move(awaiting),
                                                 std::move(open), std::move(behind)};
  });
}

}  // namespace svcup::reports
