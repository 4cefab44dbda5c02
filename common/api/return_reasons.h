// The rule every return of a report follows, in the reviews service (CreateReview) and in the
// reports service (ReturnReport): a reason overall, per measure, or both.
#ifndef SVCUP_COMMON_API_RETURN_REASONS_H_
#define SVCUP_COMMON_API_RETURN_REASONS_H_

#include <google/protobuf/repeated_ptr_field.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "svcup/v1/reports.pb.h"

namespace svcup {

// Checks a return's reasons: `overall` up to 2,000 characters, at most 99 `per_measure`
// reasons, each about a measure `content` reports, at most once, 1..2,000 characters, and at
// least one reason in all. INVALID_ARGUMENT naming the field (`overall_field`,
// `per_measure_field`) and the rule.
absl::Status CheckReturnReasons(
    absl::string_view overall_field, absl::string_view overall, absl::string_view per_measure_field,
    const google::protobuf::RepeatedPtrField<v1::ReturnReason>& per_measure,
    const v1::ReportContent& content);

// Every reason of a return: the overall one first (when not empty), then those per measure.
std::vector<v1::ReturnReason> AllReturnReasons(
    absl::string_view overall,
    const google::protobuf::RepeatedPtrField<v1::ReturnReason>& per_measure);

// The reasons as one line, for an event or an audit record: "overall; 2.3: reason; ...".
std::string JoinReturnReasons(const std::vector<v1::ReturnReason>& reasons);

}  // namespace svcup

#endif  // SVCUP_COMMON_API_RETURN_REASONS_H_
