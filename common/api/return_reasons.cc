#include "common/api/return_reasons.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/api/validation.h"
#include "common/status/macros.h"

namespace svcup {

absl::Status CheckReturnReasons(
    absl::string_view overall_field, absl::string_view overall, absl::string_view per_measure_field,
    const google::protobuf::RepeatedPtrField<v1::ReturnReason>& per_measure,
    const v1::ReportContent& content) {
  RETURN_IF_ERROR(CheckText(overall_field, overall, 0, 2000));
  RETURN_IF_ERROR(CheckCount(per_measure_field, per_measure.size(), 99));
  if (overall.empty() && per_measure.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(overall_field, ": a return needs a reason, overall (", overall_field,
                     ") or per measure (", per_measure_field, ")"));
  }
  absl::flat_hash_set<std::string> reported, seen;
  for (const v1::MeasureResult& r : content.measure_results()) reported.insert(r.measure_code());
  for (int i = 0; i < per_measure.size(); ++i) {
    const v1::ReturnReason& reason = per_measure[i];
    const std::string field = Indexed(per_measure_field, i);
    if (!reported.contains(reason.measure_code())) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".measure_code: ", Quote(reason.measure_code()),
                       " is not a measure the revision reports"));
    }
    if (!seen.insert(reason.measure_code()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".measure_code: ", Quote(reason.measure_code()), " has two reasons"));
    }
    RETURN_IF_ERROR(CheckText(field + ".reason", reason.reason(), 1, 2000));
  }
  return absl::OkStatus();
}

std::vector<v1::ReturnReason> AllReturnReasons(
    absl::string_view overall,
    const google::protobuf::RepeatedPtrField<v1::ReturnReason>& per_measure) {
  std::vector<v1::ReturnReason> reasons;
  if (!overall.empty()) {
    v1::ReturnReason& r = reasons.emplace_back();
    r.set_reason(std::string(overall));
  }
  for (const v1::ReturnReason& r : per_measure) reasons.push_back(r);
  return reasons;
}

std::string JoinReturnReasons(const std::vector<v1::ReturnReason>& reasons) {
  std::string joined;
  for (const v1::ReturnReason& r : reasons) {
    if (!joined.empty()) joined += "; ";
    if (!r.measure_code().empty()) absl::StrAppend(&joined, r.measure_code(), ": ");
    joined += r.reason();
  }
  return joined;
}

}  // namespace svcup
