#include "common/api/names.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/validation.h"

namespace svcup {

absl::Status CheckOrganisationCode(absl::string_view field, absl::string_view code) {
  bool ok = code.size() >= 2 && code.size() <= 40 && absl::ascii_islower(code[0]);
  for (char c : code) {
    ok = ok && (absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-');
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": \"", code,
        "\" is not an organisation code (2..40 of a-z, 0-9 and '-', starting with a letter)"));
  }
  return absl::OkStatus();
}

std::string OrganisationName(absl::string_view code) { return absl::StrCat("orgs/", code); }

absl::StatusOr<std::string> ParseOrganisationName(absl::string_view field,
                                                  absl::string_view name) {
  auto parts = MatchName(field, name, "orgs/{}");
  if (!parts.ok()) return parts.status();
  if (auto s = CheckOrganisationCode(field, (*parts)[0]); !s.ok()) return s;
  return (*parts)[0];
}

absl::StatusOr<std::vector<std::string>> MatchName(absl::string_view field,
                                                   absl::string_view name,
                                                   absl::string_view pattern) {
  if (name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": is required, of the form \"", pattern, "\""));
  }
  const std::vector<absl::string_view> got = absl::StrSplit(name, '/');
  const std::vector<absl::string_view> want = absl::StrSplit(pattern, '/');
  std::vector<std::string> values;
  bool ok = got.size() == want.size();
  for (size_t i = 0; ok && i < want.size(); ++i) {
    if (want[i] == "{}") {
      ok = !got[i].empty();
      values.emplace_back(got[i]);
    } else {
      ok = got[i] == want[i];
    }
  }
  if (!ok) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", name, "\" is not of the form \"", pattern, "\""));
  }
  return values;
}

absl::StatusOr<int> ParseYearSegment(absl::string_view field, absl::string_view segment) {
  int year = 0;
  if (segment.size() != 4 || !absl::SimpleAtoi(segment, &year)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": \"", segment, "\" is not a four-digit Gregorian year (2018 for ROC 107)"));
  }
  if (auto s = CheckYear(field, year); !s.ok()) return s;
  return year;
}

}  // namespace svcup
