// Open-data exports of published execution plans: JSON (protobuf's JSON mapping) and CSV.
#ifndef SVCUP_SERVICES_PLANS_OPEN_DATA_H_
#define SVCUP_SERVICES_PLANS_OPEN_DATA_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "svcup/v1/plans.pb.h"

namespace svcup::plans {

// A JSON array of the plans, one object per plan, in protobuf's JSON mapping.
absl::StatusOr<std::string> ExecutionPlansToJson(const std::vector<v1::ExecutionPlan>& plans);

// RFC 4180 CSV with a header row and a UTF-8 byte-order mark, one row per plan. Cells that a
// spreadsheet would run as a formula (starting with = + - @) are prefixed with an apostrophe.
std::string ExecutionPlansToCsv(const std::vector<v1::ExecutionPlan>& plans);

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_OPEN_DATA_H_
