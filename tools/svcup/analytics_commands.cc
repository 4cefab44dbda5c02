// svcup analytics indicator: an indicator across the hierarchy and the years, with the
// previous year beside each value and outliers flagged, as a table or as CSV (part of
// ReportsCommands).
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/csv.h"
#include "svcup/v1/reports.grpc.pb.h"
#include "tools/svcup/commands.h"

ABSL_FLAG(std::string, indicator, "", "analytics indicator: the indicator's name");
ABSL_FLAG(std::string, measure, "", "analytics indicator: only figures of this measure code");
ABSL_FLAG(int, from_year, 0, "analytics indicator: first year (default --year)");
ABSL_FLAG(std::string, scope, "", "analytics indicator: orgs/CODE whose agencies (default yours)");
ABSL_FLAG(double, z, 0, "analytics indicator: |z| above this is an outlier (default 3)");
ABSL_FLAG(std::string, bounds, "", "analytics indicator: MIN,MAX; values outside are outliers");
ABSL_FLAG(bool, csv, false, "analytics indicator: write CSV (to --out or stdout)");

namespace svcup::cli {
namespace {

std::string Number(double value) { return absl::StrFormat("%.6g", value); }

std::string AnalyticsCsv(const v1::IndicatorAnalytics& a) {
  std::string csv =
      "\xEF\xBB\xBFkind,organisation,reports_to,indicator,measure_code,year,value,unit,"
      "previous,z_score,outlier,count,mean,min,max,sum,previous_mean\r\n";
  for (const v1::IndicatorValue& v : a.values()) {
    csv +=
        CsvRow({"agency", v.organisation(), v.reports_to(), v.indicator(), v.measure_code(),
                absl::StrCat(v.year()), Number(v.value()), v.unit(),
                v.has_previous() ? Number(v.previous_value()) : "",
                absl::StrFormat("%.3f", v.z_score()), v.outlier_reason(), "", "", "", "", "", ""});
  }
  for (const v1::IndicatorGroup& g : a.groups()) {
    csv += CsvRow({"group", g.organisation(), "", g.indicator(), a.measure_code(),
                   absl::StrCat(g.year()), "", "", "", "", "", absl::StrCat(g.count()),
                   Number(g.mean()), Number(g.min()), Number(g.max()), Number(g.sum()),
                   g.has_previous() ? Number(g.previous_mean()) : ""});
  }
  return csv;
}

void PrintAnalytics(const v1::IndicatorAnalytics& a) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::IndicatorValue& v : a.values()) {
    rows.push_back({v.organisation(), v.indicator(), absl::StrCat(v.year()),
                    Number(v.value()) + v.unit(),
                    v.has_previous() ? Number(v.previous_value()) + v.unit() : "",
                    absl::StrFormat("%+.2f", v.z_score()), v.outlier_reason()});
  }
  PrintTable({"AGENCY", "INDICATOR", "YEAR", "VALUE", "PREVIOUS YEAR", "Z", "OUTLIER"}, rows);
  rows.clear();
  for (const v1::IndicatorGroup& g : a.groups()) {
    rows.push_back({g.organisation(), g.indicator(), absl::StrCat(g.year()),
                    absl::StrCat(g.count()), Number(g.mean()), Number(g.min()), Number(g.max()),
                    g.has_previous() ? Number(g.previous_mean()) : ""});
  }
  PrintTable({"GROUP", "INDICATOR", "YEAR", "AGENCIES", "MEAN", "MIN", "MAX", "PREVIOUS MEAN"},
             rows);
}

int Indicator(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  v1::GetIndicatorAnalyticsRequest request;
  request.set_indicator(absl::GetFlag(FLAGS_indicator));
  request.set_measure_code(absl::GetFlag(FLAGS_measure));
  request.set_to_year(absl::GetFlag(FLAGS_year));
  request.set_from_year(absl::GetFlag(FLAGS_from_year) == 0 ? request.to_year()
                                                            : absl::GetFlag(FLAGS_from_year));
  request.set_scope(absl::GetFlag(FLAGS_scope));
  request.set_z_threshold(absl::GetFlag(FLAGS_z));
  if (const std::string bounds = absl::GetFlag(FLAGS_bounds); !bounds.empty()) {
    std::vector<std::string> parts = absl::StrSplit(bounds, ',');
    double min = 0, max = 0;
    if (parts.size() != 2 || !absl::SimpleAtod(parts[0], &min) ||
        !absl::SimpleAtod(parts[1], &max)) {
      return UsageError("--bounds: MIN,MAX such as 0,100");
    }
    request.set_has_bounds(true);
    request.set_min_value(min);
    request.set_max_value(max);
  }
  v1::IndicatorAnalytics analytics;
  const absl::Status status = Call([&](grpc::ClientContext& c) {
    return v1::ProgressReports::NewStub(ChannelTo(Service::kReports))
        ->GetIndicatorAnalytics(&c, request, &analytics);
  });
  if (!status.ok()) return ExitCodeOf(status);
  if (absl::GetFlag(FLAGS_csv)) return WriteDocument(AnalyticsCsv(analytics), "text/csv");
  if (JsonOutput()) {
    PrintJson(analytics);
  } else {
    PrintAnalytics(analytics);
  }
  return kOk;
}

}  // namespace

std::vector<Command> AnalyticsCommands() {
  return {
      {"analytics", "indicator",
       "An indicator across the hierarchy and years: per agency, per supervisor, outliers",
       "--indicator=NAME | --measure=CODE [--from_year=Y] [--year=Y] [--scope=orgs/CODE] "
       "[--z=3] [--bounds=MIN,MAX] [--csv [--out=FILE]]",
       "svcup analytics indicator --indicator=民眾滿意度 --scope=orgs/moj --csv "
       "--out=satisfaction.csv",
       Indicator},
  };
}

}  // namespace svcup::cli
