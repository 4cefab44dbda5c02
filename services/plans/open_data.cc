#include "services/plans/open_data.h"

#include <google/protobuf/util/json_util.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/calendar/roc_calendar.h"
#include "common/csv.h"

namespace svcup::plans {
namespace {

std::string CsvTime(const google::protobuf::Timestamp& t) {
  return t.seconds() == 0
             ? std::string()
             : absl::FormatTime("%Y-%m-%dT%H:%M:%S+08:00", FromTimestamp(t), TaipeiTimeZone());
}

std::string CsvItem(const v1::ExecutionPlan& plan) {
  std::vector<std::string> codes, priorities;
  for (const auto& m : plan.content().measures()) codes.push_back(m.measure_code());
  for (const auto& p : plan.content().priorities()) {
    priorities.push_back(absl::StrCat(p.rank(), ". ", p.title()));
  }
  return CsvRow({
      plan.organisation(),
      plan.organisation_display_name().zh_tw(),
      plan.organisation_display_name().en(),
      absl::StrCat(plan.year()),
      absl::StrCat(RocYear(plan.year())),
      plan.content().title(),
      plan.approval().approved_by().subject(),
      CsvTime(plan.approval().approve_time()),
      CsvTime(plan.publication().publish_time()),
      plan.publication().late() ? "true" : "false",
      absl::StrCat(plan.publication().days_late()),
      absl::StrJoin(plan.publication().urls(), " "),
      absl::StrJoin(codes, " "),
      absl::StrJoin(priorities, " | "),
  });
}

}  // namespace

std::string OpenDataContentType(v1::ExportFormat format) {
  return format == v1::EXPORT_FORMAT_JSON ? "application/json" : "text/csv; charset=utf-8";
}

std::string OpenDataHeader(v1::ExportFormat format) {
  if (format == v1::EXPORT_FORMAT_JSON) return "[";
  static const char* const kHeader[] = {
      "organisation", "organisation_name_zh_tw", "organisation_name_en", "year", "roc_year",
      "title", "approved_by", "approve_time", "publish_time", "late", "days_late", "urls",
      "measure_codes", "priorities"};
  // The UTF-8 byte-order mark: spreadsheets then read Chinese correctly.
  return absl::StrCat("\xEF\xBB\xBF", absl::StrJoin(kHeader, ","), "\r\n");
}

absl::StatusOr<std::string> OpenDataItem(v1::ExportFormat format, const v1::ExecutionPlan& plan,
                                         int index) {
  if (format != v1::EXPORT_FORMAT_JSON) return CsvItem(plan);
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(plan, &json, options);
  if (!status.ok()) return absl::InternalError(std::string(status.message()));
  return absl::StrCat(index == 0 ? "\n" : ",\n", json);
}

std::string OpenDataFooter(v1::ExportFormat format) {
  return format == v1::EXPORT_FORMAT_JSON ? "\n]\n" : "";
}

}  // namespace svcup::plans
