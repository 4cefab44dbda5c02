// RFC 4180 CSV for exports and documents, safe to open in a spreadsheet.
#ifndef SVCUP_COMMON_CSV_H_
#define SVCUP_COMMON_CSV_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace svcup {

// One cell: quoted when it holds a comma, quote or line break; a leading = + - @ (which a
// spreadsheet would run as a formula) is neutralised with an apostrophe.
std::string CsvCell(absl::string_view value);

// One row of cells, ending in CRLF.
std::string CsvRow(const std::vector<std::string>& cells);

}  // namespace svcup

#endif  // SVCUP_COMMON_CSV_H_
