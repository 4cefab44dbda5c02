// Open-data exports of published execution plans, JSON (protobuf's JSON mapping) and CSV, written
// one plan at a time so that an export of any size is streamed rather than held whole.
//
// A document is OpenDataHeader(format) + OpenDataItem(format, plan, 0) + ... +
// OpenDataFooter(format).
#ifndef SVCUP_SERVICES_PLANS_OPEN_DATA_H_
#define SVCUP_SERVICES_PLANS_OPEN_DATA_H_

#include <string>

#include "absl/status/statusor.h"
#include "svcup/v1/plans.pb.h"

namespace svcup::plans {

// The document's MIME type (format EXPORT_FORMAT_JSON or EXPORT_FORMAT_CSV).
std::string OpenDataContentType(v1::ExportFormat format);

// What comes before the first plan: "[" (JSON), or the UTF-8 byte-order mark and the header row
// (CSV).
std::string OpenDataHeader(v1::ExportFormat format);

// The plan at position `index` (0-based): a JSON array element (preceded by a comma after the
// first), or one RFC 4180 CSV row. Cells that a spreadsheet would run as a formula (starting
// with = + - @) are prefixed with an apostrophe.
absl::StatusOr<std::string> OpenDataItem(v1::ExportFormat format, const v1::ExecutionPlan& plan,
                                         int index);

// What comes after the last plan: "]" (JSON), nothing (CSV).
std::string OpenDataFooter(v1::ExportFormat format);

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_OPEN_DATA_H_
