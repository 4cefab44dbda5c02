#include "common/hierarchy/organisation_directory.h"

#include <google/protobuf/text_format.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/api/names.h"
#include "common/api/validation.h"
#include "common/calendar/roc_calendar.h"
#include "common/files.h"
#include "common/status/macros.h"

namespace svcup {
namespace {

// Checks one organisation's name history: non-empty, zh-TW names present, periods in order
// and not overlapping.
absl::Status CheckNames(const std::string& field, const v1::Organisation& org) {
  if (org.name_history().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".name_history: at least one name"));
  }
  absl::CivilDay previous_until = absl::CivilDay::min();
  for (int i = 0; i < org.name_history_size(); ++i) {
    const v1::OrganisationName& n = org.name_history(i);
    const std::string at = absl::StrCat(field, ".", Indexed("name_history", i));
    RETURN_IF_ERROR(CheckText(at + ".name.zh_tw", n.name().zh_tw(), 1, 200, true));
    RETURN_IF_ERROR(CheckText(at + ".name.en", n.name().en(), 0, 200, true));
    absl::CivilDay from = absl::CivilDay::min(), until = absl::CivilDay::max();
    if (n.has_valid_from()) {
      ASSIGN_OR_RETURN(auto d, DateFromProto(n.valid_from(), at + ".valid_from"));
      from = d;
    }
    if (n.has_valid_until()) {
      ASSIGN_OR_RETURN(auto d, DateFromProto(n.valid_until(), at + ".valid_until"));
      until = d;
    }
    if (from > until || (i > 0 && from <= previous_until)) {
      return absl::InvalidArgumentError(absl::StrCat(
          at, ": names must be listed oldest first with periods that do not overlap"));
    }
    previous_until = until;
  }
  return absl::OkStatus();
}

// Checks the opening and closing dates: valid dates, the first not after the last.
absl::Status CheckOpenPeriod(const std::string& field, const v1::Organisation& org) {
  absl::CivilDay open = absl::CivilDay::min(), close = absl::CivilDay::max();
  if (org.has_open_date()) {
    ASSIGN_OR_RETURN(open, DateFromProto(org.open_date(), field + ".open_date"));
  }
  if (org.has_close_date()) {
    ASSIGN_OR_RETURN(close, DateFromProto(org.close_date(), field + ".close_date"));
  }
  if (open > close) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".close_date: ", FormatIsoDate(close),
                                                   " is before open_date ", FormatIsoDate(open)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<OrganisationDirectory> OrganisationDirectory::Build(
    const v1::OrganisationDirectory& data) {
  OrganisationDirectory directory;
  absl::flat_hash_map<std::string, std::string> parent_of;
  for (int i = 0; i < data.organisations_size(); ++i) {
    v1::Organisation org = data.organisations(i);
    const std::string field = Indexed("organisations", i);
    RETURN_IF_ERROR(CheckOrganisationCode(field + ".code", org.code()));
    if (parent_of.contains(org.code())) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".code: ", Quote(org.code()), " appears twice"));
    }
    if (org.kind() == v1::ORGANISATION_KIND_UNSPECIFIED) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".kind: is required"));
    }
    std::string parent;
    if (!org.reports_to().empty()) {
      ASSIGN_OR_RETURN(auto code, ParseOrganisationName(field + ".reports_to", org.reports_to()));
      parent = code;
    }
    RETURN_IF_ERROR(CheckNames(field, org));
    RETURN_IF_ERROR(CheckOpenPeriod(field, org));
    if (parent.empty() && org.has_close_date()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".close_date: the top of the tree cannot close"));
    }
    org.set_name(OrganisationName(org.code()));
    parent_of[org.code()] = parent;
    if (parent.empty()) {
      if (!directory.root_.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            field, ": only one organisation may report to no one; ", directory.root_,
            " already does"));
      }
      directory.root_ = org.code();
    }
    directory.codes_.push_back(org.code());
    directory.by_code_.emplace(org.code(), std::move(org));
  }
  if (directory.root_.empty()) {
    return absl::InvalidArgumentError("organisations: no organisation is the top of the tree");
  }
  auto tree = OrgTree::Build(std::move(parent_of));
  if (!tree.ok()) return absl::InvalidArgumentError(tree.status().message());
  directory.tree_ = std::move(*tree);
  std::sort(directory.codes_.begin(), directory.codes_.end());
  return directory;
}

absl::StatusOr<OrganisationDirectory> OrganisationDirectory::LoadFile(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) {
    return absl::NotFoundError(absl::StrCat("cannot read organisations file ", path));
  }
  v1::OrganisationDirectory data;
  if (!google::protobuf::TextFormat::ParseFromString(*text, &data)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not a text-format svcup.v1.OrganisationDirectory"));
  }
  auto directory = Build(data);
  if (!directory.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", directory.status().message()));
  }
  return directory;
}

v1::LocalizedText OrganisationDirectory::NameOn(absl::string_view code,
                                                absl::CivilDay day) const {
  const v1::Organisation& org = by_code_.at(code);
  const v1::LocalizedText* chosen = &org.name_history(0).name();
  for (const v1::OrganisationName& n : org.name_history()) {
    if (n.has_valid_from() && CivilDayOf(n.valid_from()) > day) {
      break;
    }
    chosen = &n.name();
  }
  return *chosen;
}

v1::Organisation OrganisationDirectory::View(absl::string_view code, absl::CivilDay day) const {
  v1::Organisation org = by_code_.at(code);
  *org.mutable_display_name() = NameOn(code, day);
  return org;
}

absl::StatusOr<v1::ReportingRoute> OrganisationDirectory::Route(absl::string_view code) const {
  const std::vector<std::string> path = tree_.PathToRoot(code);
  if (path.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("orgs/", code, " is the top of the hierarchy and reports to no one"));
  }
  v1::ReportingRoute route;
  route.set_organisation(OrganisationName(code));
  for (const std::string& hop : path) route.add_hops(OrganisationName(hop));
  route.set_recipient(route.hops(0));
  route.set_direct_to_top(path.size() == 1);
  return route;
}

bool OrganisationDirectory::OpenOn(absl::string_view code, absl::CivilDay day) const {
  const v1::Organisation& org = by_code_.at(code);
  return (!org.has_open_date() || CivilDayOf(org.open_date()) <= day) &&
         (!org.has_close_date() || day <= CivilDayOf(org.close_date()));
}

bool OrganisationDirectory::OwesReport(absl::string_view code,
                                       const v1::ReportingPeriod& period) const {
  return OwesReport(code, CivilDayOf(period.end_date()));
}

v1::OrganisationKind OrganisationDirectory::Kind(absl::string_view code) const {
  return by_code_.at(code).kind();
}

}  // namespace svcup
