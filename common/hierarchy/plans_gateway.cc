#include "common/hierarchy/plans_gateway.h"

#include "absl/strings/str_cat.h"
#include "common/status/macros.h"

namespace svcup {

absl::StatusOr<std::shared_ptr<const OrganisationDirectory>> AuthorizeOn(
    PlansGateway& plans, absl::string_view field, absl::string_view code,
    const v1::Principal& caller, Action action, absl::string_view what) {
  ASSIGN_OR_RETURN(auto directory, plans.Directory());
  if (!directory->Contains(code)) {
    return absl::NotFoundError(
        absl::StrCat(field, ": organisation orgs/", code, " does not exist"));
  }
  RETURN_IF_ERROR(Authorize(caller, action, code, directory->tree(), what));
  return directory;
}

}  // namespace svcup
