#include "services/plans/open_data.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "common/calendar/roc_calendar.h"
#include "common/csv.h"

namespace svcup::plans {

absl::StatusOr<std::string> ExecutionPlansToJson(const std::vector<v1::ExecutionPlan>& plans) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string out = "[";
  for (size_t i = 0; i < plans.size(); ++i) {
    std::string json;
    auto status = google::protobuf::util::MessageToJsonString(plans[i], &json, options);
    if (!status.ok()) return absl::InternalError(std::string(status.message()));
    absl::StrAppend(&out, i == 0 ? "\n" : ",\n", json);
  }
  out += "\n]\n";
  return out;
}

std::string ExecutionPlansToCsv(const std::vector<v1::ExecutionPlan>& plans) {
  static const char* const kHeader[] = {
      "organisation", "organisation_name_zh_tw", "organisation_name_en", "year", "roc_year",
      "title", "approved_by", "approve_time", "publish_time", "late", "days_late", "urls",
      "measure_codes", "priorities"};
  std::string out = "\xEF\xBB\xBF";  // UTF-8 BOM: spreadsheets then read Chinese correctly
  out += absl::StrJoin(kHeader, ",");
  out += "\r\n";
  const auto time = [](const google::protobuf::Timestamp& t) {
    return t.seconds() == 0 ? std::string()
                            : absl::FormatTime("%Y-%m-%dT%H:%M:%S+08:00", FromTimestamp(t),
                                               TaipeiTimeZone());
  };
  for (const v1::ExecutionPlan& plan : plans) {
    std::vector<std::string> codes, priorities;
    for (const auto& m : plan.content().measures()) codes.push_back(m.measure_code());
    for (const auto& p : plan.content().priorities()) {
      priorities.push_back(absl::StrCat(p.rank(), ". ", p.title()));
    }
    const std::vector<std::string> row = {
        plan.organisation(),
        plan.organisation_display_name().zh_tw(),
        plan.organisation_display_name().en(),
        absl::StrCat(plan.year()),
        absl::StrCat(RocYear(plan.year())),
        plan.content().title(),
        plan.approval().approved_by().subject(),
        time(plan.approval().approve_time()),
        time(plan.publication().publish_time()),
        plan.publication().late() ? "true" : "false",
        absl::StrCat(plan.publication().days_late()),
        absl::StrJoin(plan.publication().urls(), " "),
        absl::StrJoin(codes, " "),
        absl::StrJoin(priorities, " | "),
    };
    out += CsvRow(row);
  }
  return out;
}

}  // namespace svcup::plans
