#include "services/reports/indicator_analyst.h"

#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/api/names.h"
#include "common/api/paging.h"
#include "common/api/validation.h"
#include "common/status/macros.h"
#include "services/reports/indicator_statistics.h"
#include "services/reports/report_scope.h"

namespace svcup::reports {
namespace {

absl::Status ValidateAnalyticsRequest(const v1::GetIndicatorAnalyticsRequest& request) {
  if (request.indicator().empty() && request.measure_code().empty()) {
    return absl::InvalidArgumentError(
        "indicator: name an indicator, or a measure_code for every figure of that measure");
  }
  RETURN_IF_ERROR(CheckText("indicator", request.indicator(), 0, 200, true));
  RETURN_IF_ERROR(CheckText("measure_code", request.measure_code(), 0, 10, true));
  RETURN_IF_ERROR(CheckYear("from_year", request.from_year()));
  RETURN_IF_ERROR(CheckYear("to_year", request.to_year()));
  if (request.to_year() < request.from_year()) {
    return absl::InvalidArgumentError(
        absl::StrCat("to_year: ", request.to_year(), " is before from_year ", request.from_year()));
  }
  if (request.to_year() - request.from_year() + 1 > kMaxAnalyticsYears) {
    return absl::InvalidArgumentError(absl::StrCat("to_year: at most ", kMaxAnalyticsYears,
                                                   " years in one call, got ",
                                                   request.to_year() - request.from_year() + 1));
  }
  if (request.period() != 0) RETURN_IF_ERROR(CheckPeriod("period", request.period()));
  if (!std::isfinite(request.z_threshold()) || request.z_threshold() < 0) {
    return absl::InvalidArgumentError("z_threshold: must be a finite number, not negative");
  }
  if (request.has_bounds() &&
      (!std::isfinite(request.min_value()) || !std::isfinite(request.max_value()) ||
       request.min_value() > request.max_value())) {
    return absl::InvalidArgumentError(
        "min_value: must be finite and not above max_value when has_bounds is set");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::IndicatorAnalytics> IndicatorAnalyst::GetIndicatorAnalytics(
    const v1::Principal& caller, const v1::GetIndicatorAnalyticsRequest& request) {
  RETURN_IF_ERROR(ValidateAnalyticsRequest(request));
  const std::string scope_name = request.scope().empty() ? caller.organisation() : request.scope();
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("scope", scope_name));
  ASSIGN_OR_RETURN(auto scope, OpenScope(plans_, "scope", code, caller, Action::kReadRestricted,
                                         absl::StrCat("read the indicators of ", scope_name)));
  const OrganisationDirectory& directory = *scope.directory;
  // The agencies of the scope and whom each reports to.
  absl::flat_hash_map<std::string, std::string> agencies;
  for (const std::string& c : directory.IsReportingAgency(code)
                                  ? std::vector<std::string>{code}
                                  : directory.tree().Descendants(code)) {
    if (directory.IsReportingAgency(c)) agencies[c] = OrganisationName(directory.tree().Parent(c));
  }
  const int period = request.period() == 0 ? 2 : request.period();
  std::vector<IndicatorObservation> observations;
  if (auto s = store_.Read([&](ReportTransaction& tx) -> absl::Status {
        for (int year = request.from_year() - 1; year <= request.to_year(); ++year) {
          ASSIGN_OR_RETURN(auto reports, tx.ListReports(ReportQuery::AllOf(year, period)));
          for (const v1::ProgressReport& report : reports) {
            const std::string org(OrganisationCodeOf(report.organisation()));
            auto agency = agencies.find(org);
            if (agency == agencies.end() || report.latest_revision() == 0) continue;
            ASSIGN_OR_RETURN(auto revision,
                             tx.GetRevision(org, year, period, report.latest_revision()));
            if (!revision.has_value()) continue;
            for (const v1::MeasureResult& m : revision->content().measure_results()) {
              if (!request.measure_code().empty() && m.measure_code() != request.measure_code()) {
                continue;
              }
              for (const v1::Indicator& i : m.indicators()) {
                if (!request.indicator().empty() && i.name() != request.indicator()) continue;
                observations.push_back({report.organisation(), agency->second, i.name(),
                                        m.measure_code(), year, i.value(), i.unit(),
                                        revision->name()});
              }
            }
          }
        }
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  OutlierRule rule;
  rule.z_threshold = request.z_threshold() == 0 ? 3 : request.z_threshold();
  rule.has_bounds = request.has_bounds();
  rule.min_value = request.min_value();
  rule.max_value = request.max_value();
  v1::IndicatorAnalytics analytics = AnalyseIndicators(
      observations, request.from_year(), request.to_year(), OrganisationName(code), rule);
  analytics.set_indicator(request.indicator());
  analytics.set_measure_code(request.measure_code());
  analytics.set_period(period);
  analytics.set_scope(OrganisationName(code));
  analytics.set_z_threshold(rule.z_threshold);
  if (analytics.ByteSizeLong() > kMaxPageBytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the analytics of ", scope_name, " over ", request.to_year() - request.from_year() + 1,
        " years take ", analytics.ByteSizeLong(), " bytes, over the ", kMaxPageBytes,
        " a response may carry: narrow the scope, the years, or name one indicator"));
  }
  return analytics;
}

}  // namespace svcup::reports
