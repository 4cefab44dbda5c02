#include "common/api/names.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/api/validation.h"
#include "common/status/macros.h"

namespace svcup {

absl::Status CheckOrganisationCode(absl::string_view field, absl::string_view code) {
  bool ok = code.size() >= 2 && code.size() <= 40 && absl::ascii_islower(code[0]);
  for (char c : code) {
    ok = ok && (absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-');
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": ", Quote(code),
        " is not an organisation code (2..40 of a-z, 0-9 and '-', starting with a letter)"));
  }
  return absl::OkStatus();
}

std::string OrganisationName(absl::string_view code) { return absl::StrCat("orgs/", code); }

absl::string_view OrganisationCodeOf(absl::string_view name) {
  absl::ConsumePrefix(&name, "orgs/");
  return name.substr(0, name.find('/'));
}

absl::StatusOr<std::string> ParseOrganisationName(absl::string_view field,
                                                  absl::string_view name) {
  ASSIGN_OR_RETURN(auto parts, MatchName(field, name, "orgs/{}"));
  RETURN_IF_ERROR(CheckOrganisationCode(field, parts[0]));
  return parts[0];
}

absl::StatusOr<std::vector<std::string>> MatchName(absl::string_view field,
                                                   absl::string_view name,
                                                   absl::string_view pattern) {
  if (name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": is required, of the form ", "\"", pattern, "\""));
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
        absl::StrCat(field, ": ", Quote(name), " is not of the form ", "\"", pattern, "\""));
  }
  return values;
}

absl::StatusOr<int> ParseNumberSegment(absl::string_view field, absl::string_view what,
                                       absl::string_view segment, int min, int max) {
  bool canonical = !segment.empty() && segment.size() <= 9 && (segment == "0" || segment[0] != '0');
  int value = 0;
  for (char c : segment) {
    canonical = canonical && absl::ascii_isdigit(static_cast<unsigned char>(c));
    if (canonical) value = value * 10 + (c - '0');
  }
  if (!canonical || value < min || value > max) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": ", what, " ", Quote(segment), " must be a number in ", min, "..", max,
        ", written in digits with no sign, space or leading zero"));
  }
  return value;
}

absl::Status CheckPeriod(absl::string_view field, int period, bool zero_means_all) {
  if (period < (zero_means_all ? 0 : 1) || period > kReportingPeriods) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": must be 1 (January-June) or 2 (the whole year)",
        zero_means_all ? ", or 0 for both" : "", ", got ", period));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> ParseYearSegment(absl::string_view field, absl::string_view segment) {
  return ParseNumberSegment(field, "year", segment, kMinYear, kMaxYear);
}

namespace {

// Parses the "{year}-{period}" segment of a report name.
absl::Status ParseYearPeriod(absl::string_view field, absl::string_view segment, ReportName& out) {
  const size_t dash = segment.find('-');
  if (dash == absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": ", Quote(segment), " is not {year}-{period}, such as 2018-1 or 2018-2"));
  }
  ASSIGN_OR_RETURN(auto year, ParseYearSegment(field, segment.substr(0, dash)));
  ASSIGN_OR_RETURN(auto period, ParseNumberSegment(field, "period", segment.substr(dash + 1), 1,
                                                   kReportingPeriods));
  out.year = year;
  out.period = period;
  return absl::OkStatus();
}

}  // namespace

std::string ReportName::ToString() const {
  return absl::StrCat("orgs/", organisation, "/reports/", year, "-", period);
}

std::string ReportName::Revision(int revision) const {
  return absl::StrCat(ToString(), "/revisions/", revision);
}

absl::StatusOr<ReportName> ParseReportName(absl::string_view field, absl::string_view name) {
  ASSIGN_OR_RETURN(auto parts, MatchName(field, name, "orgs/{}/reports/{}"));
  ReportName report;
  RETURN_IF_ERROR(CheckOrganisationCode(field, parts[0]));
  report.organisation = parts[0];
  RETURN_IF_ERROR(ParseYearPeriod(field, parts[1], report));
  return report;
}

absl::StatusOr<std::pair<ReportName, int>> ParseRevisionName(absl::string_view field,
                                                             absl::string_view name) {
  ASSIGN_OR_RETURN(auto parts, MatchName(field, name, "orgs/{}/reports/{}/revisions/{}"));
  ReportName report;
  RETURN_IF_ERROR(CheckOrganisationCode(field, parts[0]));
  report.organisation = parts[0];
  RETURN_IF_ERROR(ParseYearPeriod(field, parts[1], report));
  ASSIGN_OR_RETURN(auto revision,
                   ParseNumberSegment(field, "revision", parts[2], 1, kMaxSequenceNumber));
  return std::make_pair(report, revision);
}

}  // namespace svcup
