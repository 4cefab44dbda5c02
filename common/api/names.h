// Resource names shared by all services ("orgs/{code}") and the organisation code rule.
#ifndef SVCUP_COMMON_API_NAMES_H_
#define SVCUP_COMMON_API_NAMES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace svcup {

// Checks an organisation code: 2..40 characters of lowercase ASCII letters, digits and '-',
// starting with a letter.
absl::Status CheckOrganisationCode(absl::string_view field, absl::string_view code);

// "orgs/{code}".
std::string OrganisationName(absl::string_view code);

// The organisation code of a name the suite made or stored: "x" of "orgs/x" and of
// "orgs/x/reports/2018-1". For names already checked; a name a caller sent goes through a Parse
// function below.
absl::string_view OrganisationCodeOf(absl::string_view name);

// Parses "orgs/{code}" and returns the code; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<std::string> ParseOrganisationName(absl::string_view field,
                                                  absl::string_view name);

// Splits a resource name into its segments and checks that it has the shape of `pattern`,
// whose segments are literals or "{}" placeholders, e.g. "orgs/{}/executionPlans/{}". Returns
// the placeholder values in order, or INVALID_ARGUMENT naming `field` and the expected shape.
absl::StatusOr<std::vector<std::string>> MatchName(absl::string_view field,
                                                   absl::string_view name,
                                                   absl::string_view pattern);

// The reporting periods of a year: 1 (January-June) and 2 (January-December, cumulative).
inline constexpr int kReportingPeriods = 2;

// Parses a number segment of a name in its one canonical spelling: decimal digits with no sign,
// space or leading zero, in min..max. INVALID_ARGUMENT naming `field` and `what` otherwise.
absl::StatusOr<int> ParseNumberSegment(absl::string_view field, absl::string_view what,
                                       absl::string_view segment, int min, int max);

// Checks a reporting period number: 1..kReportingPeriods, or also 0 ("both") when
// `zero_means_all`.
absl::Status CheckPeriod(absl::string_view field, int period, bool zero_means_all = false);

// Parses a decimal year segment of a name (e.g. the "2018" of "implementationPlans/2018").
absl::StatusOr<int> ParseYearSegment(absl::string_view field, absl::string_view segment);

// A report of an agency for a (year, period): "orgs/{code}/reports/{year}-{period}".
struct ReportName {
  std::string organisation;  // the code
  int year = 0;
  int period = 0;

  // "orgs/{code}/reports/{year}-{period}".
  std::string ToString() const;
  // "orgs/{code}/reports/{year}-{period}/revisions/{revision}".
  std::string Revision(int revision) const;
};

// Parses "orgs/{code}/reports/{year}-{period}"; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<ReportName> ParseReportName(absl::string_view field, absl::string_view name);

// Parses "orgs/{code}/reports/{year}-{period}/revisions/{n}" into the report and n >= 1.
absl::StatusOr<std::pair<ReportName, int>> ParseRevisionName(absl::string_view field,
                                                             absl::string_view name);

}  // namespace svcup

#endif  // SVCUP_COMMON_API_NAMES_H_
