// An organisation hierarchy: checked and indexed, immutable, answering lookups, names as of a
// date and reporting routes. The plans service builds it from its shipped data; the other
// services build it from the organisations they fetch from plans.
#ifndef SVCUP_COMMON_HIERARCHY_ORGANISATION_DIRECTORY_H_
#define SVCUP_COMMON_HIERARCHY_ORGANISATION_DIRECTORY_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/auth/org_tree.h"
#include "svcup/v1/plans.pb.h"

namespace svcup {

// The organisations of one programme's tree.
class OrganisationDirectory {
 public:
  // Checks and indexes the data. INVALID_ARGUMENT naming the entry and the rule when a code is
  // malformed or repeated, a kind is missing, a reports_to edge points nowhere or makes a cycle,
  // the tree has no single root, a name history is empty, unordered or overlapping, or a
  // close_date precedes the open_date (or closes the root).
  static absl::StatusOr<OrganisationDirectory> Build(const v1::OrganisationDirectory& data);

  // Reads a text-format OrganisationDirectory file and builds it. NOT_FOUND if unreadable.
  static absl::StatusOr<OrganisationDirectory> LoadFile(const std::string& path);

  // Whether an organisation has this code.
  bool Contains(absl::string_view code) const { return tree_.Contains(code); }

  // The organisation with `code`, its name and display_name set as of `day`. The code must exist.
  v1::Organisation View(absl::string_view code, absl::CivilDay day) const;

  // The organisation's name on `day` (its earliest name before its history begins, its latest
  // after it ends).
  v1::LocalizedText NameOn(absl::string_view code, absl::CivilDay day) const;

  // Where `code`'s reports go: its path to the root. FAILED_PRECONDITION for the root (it
  // reports to no one). The code must exist.
  absl::StatusOr<v1::ReportingRoute> Route(absl::string_view code) const;

  // Whether `code` is a reporting agency: an organisation with no subordinates, below the root.
  bool IsReportingAgency(absl::string_view code) const {
    return !tree_.IsRoot(code) && tree_.Children(code).empty();
  }

  // Whether the organisation is open on `day` (between its open_date and close_date, each
  // included when set). The code must exist.
  bool OpenOn(absl::string_view code, absl::CivilDay day) const;

  // Whether `code` owes the report of a period ending on `period_end`: a reporting agency open
  // on that day.
  bool OwesReport(absl::string_view code, absl::CivilDay period_end) const {
    return IsReportingAgency(code) && OpenOn(code, period_end);
  }

  // Whether `code` owes the report of `period` (open on its last day).
  bool OwesReport(absl::string_view code, const v1::ReportingPeriod& period) const;

  // The organisation's kind. The code must exist.
  v1::OrganisationKind Kind(absl::string_view code) const;

  // Every code, sorted.
  const std::vector<std::string>& codes() const { return codes_; }

  // The code of the tree's root (the ministry).
  const std::string& root() const { return root_; }

  // The reports_to edges.
  const OrgTree& tree() const { return tree_; }

 private:
  OrgTree tree_;
  std::string root_;
  std::vector<std::string> codes_;
  absl::flat_hash_map<std::string, v1::Organisation> by_code_;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_HIERARCHY_ORGANISATION_DIRECTORY_H_
