#include "services/plans/organisations.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/etag.h"
#include "common/api/names.h"
#include "common/api/paging.h"
#include "common/api/validation.h"
#include "common/auth/policy.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "common/storage/audit_listing.h"
#include "services/plans/plan_rules.h"

namespace svcup::plans {
namespace {

absl::StatusOr<absl::CivilDay> AsOf(const v1::Date& date, absl::CivilDay today) {
  if (IsUnset(date)) return today;
  return DateFromProto(date, "as_of");
}

// Pages a sorted list of codes after `after_key`.
template <typename Fn>
void PageCodes(const std::vector<std::string>& codes, const PageRequest& page, Fn&& emit,
               std::string* next_key) {
  int taken = 0;
  for (const std::string& code : codes) {
    if (code <= page.after_key) continue;
    if (taken == page.limit) {
      *next_key = code;  // more remain: the token resumes after the last one emitted
      return;
    }
    emit(code);
    ++taken;
  }
}

}  // namespace

absl::StatusOr<v1::Organisation> Organisations::GetOrganisation(
    const v1::Principal& caller, const v1::GetOrganisationRequest& request) {
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("name", request.name()));
  RETURN_IF_ERROR(CheckOrganisationExists("name", code));
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, code, directory_.tree(), "read"));
  ASSIGN_OR_RETURN(auto day, AsOf(request.as_of(), Today()));
  return directory_.View(code, day);
}

absl::StatusOr<v1::ListOrganisationsResponse> Organisations::ListOrganisations(
    const v1::Principal& caller, const v1::ListOrganisationsRequest& request) {
  std::string reports_to;
  if (!request.reports_to().empty()) {
    ASSIGN_OR_RETURN(auto code, ParseOrganisationName("reports_to", request.reports_to()));
    RETURN_IF_ERROR(CheckOrganisationExists("reports_to", code));
    reports_to = code;
  }
  if (!v1::OrganisationKind_IsValid(request.kind())) {
    return absl::InvalidArgumentError("kind: not an OrganisationKind value");
  }
  ASSIGN_OR_RETURN(auto day, AsOf(request.as_of(), Today()));
  ASSIGN_OR_RETURN(auto page, ParsePageRequest(request.page_size(), request.page_token(),
                                               absl::StrCat(request.kind(), "|", reports_to)));

  std::vector<std::string> matching;
  for (const std::string& code : directory_.codes()) {
    if (request.kind() != v1::ORGANISATION_KIND_UNSPECIFIED &&
        directory_.Kind(code) != request.kind()) {
      continue;
    }
    if (!reports_to.empty() && directory_.tree().Parent(code) != reports_to) continue;
    matching.push_back(code);
  }
  v1::ListOrganisationsResponse response;
  response.set_total_size(static_cast<int>(matching.size()));
  std::string next;
  PageCodes(
      matching, page,
      [&](const std::string& code) { *response.add_organisations() = directory_.View(code, day); },
      &next);
  if (!next.empty()) {
    response.set_next_page_token(MakePageToken(response.organisations().rbegin()->code(),
                                               absl::StrCat(request.kind(), "|", reports_to)));
  }
  return response;
}

absl::StatusOr<std::shared_ptr<const std::string>> Organisations::ListOrganisationsEncoded(
    const v1::Principal& caller, const v1::ListOrganisationsRequest& request) {
  // The day decides the names shown; the rest of the answer follows from the request alone.
  std::string key;
  if (!request.SerializeToString(&key)) {
    return absl::InvalidArgumentError("the request cannot be encoded");
  }
  absl::StrAppend(&key, "|", absl::FormatCivilTime(Today()));
  {
    absl::MutexLock lock(&mu_);
    if (auto it = kept_pages_.find(key); it != kept_pages_.end()) return it->second;
  }
  ASSIGN_OR_RETURN(const v1::ListOrganisationsResponse page, ListOrganisations(caller, request));
  auto encoded = std::make_shared<const std::string>(page.SerializeAsString());
  absl::MutexLock lock(&mu_);
  if (kept_bytes_ + encoded->size() > kKeptPageBytes) {
    kept_pages_.clear();  // many distinct pages asked for: start again rather than grow
    kept_bytes_ = 0;
  }
  if (kept_pages_.emplace(std::move(key), encoded).second) kept_bytes_ += encoded->size();
  return encoded;
}

absl::StatusOr<v1::ListOrganisationsResponse> Organisations::ListSubordinates(
    const v1::Principal& caller, const v1::ListSubordinatesRequest& request) {
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("name", request.name()));
  RETURN_IF_ERROR(CheckOrganisationExists("name", code));
  ASSIGN_OR_RETURN(auto day, AsOf(request.as_of(), Today()));
  const std::string filters = absl::StrCat(code, "|", request.recursive());
  ASSIGN_OR_RETURN(auto page, ParsePageRequest(request.page_size(), request.page_token(), filters));

  const std::vector<std::string> codes =
      request.recursive() ? directory_.tree().Descendants(code) : directory_.tree().Children(code);
  v1::ListOrganisationsResponse response;
  response.set_total_size(static_cast<int>(codes.size()));
  std::string next;
  PageCodes(
      codes, page,
      [&](const std::string& c) { *response.add_organisations() = directory_.View(c, day); },
      &next);
  if (!next.empty()) {
    response.set_next_page_token(MakePageToken(response.organisations().rbegin()->code(), filters));
  }
  return response;
}

absl::StatusOr<v1::ReportingRoute> Organisations::ResolveReportingRoute(
    const v1::Principal& caller, const v1::ResolveReportingRouteRequest& request) {
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("name", request.name()));
  RETURN_IF_ERROR(CheckOrganisationExists("name", code));
  return directory_.Route(code);
}

}  // namespace svcup::plans
