#include "common/hierarchy/generated_hierarchy.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace svcup {
namespace {

v1::Organisation& Add(v1::OrganisationDirectory& directory, const std::string& code,
                      v1::OrganisationKind kind, const std::string& reports_to,
                      const std::string& zh, const std::string& en) {
  v1::Organisation& org = *directory.add_organisations();
  org.set_code(code);
  org.set_kind(kind);
  if (!reports_to.empty()) org.set_reports_to("orgs/" + reports_to);
  v1::LocalizedText& name = *org.add_name_history()->mutable_name();
  name.set_zh_tw(zh);
  name.set_en(en);
  return org;
}

}  // namespace

v1::OrganisationDirectory GenerateHierarchy(int agencies, int supervisors) {
  v1::OrganisationDirectory directory;
  Add(directory, "moj", v1::ORGANISATION_KIND_MINISTRY, "", "法務部", "Ministry of Justice");
  for (int s = 1; s <= supervisors; ++s) {
    Add(directory, absl::StrFormat("sup-%03d", s), v1::ORGANISATION_KIND_SUPERVISORY_OFFICE, "moj",
        absl::StrCat("督導機關", s), absl::StrCat("Supervisory office ", s));
  }
  for (int a = 1; a <= agencies; ++a) {
    Add(directory, absl::StrFormat("agency-%05d", a),
        v1::ORGANISATION_KIND_DISTRICT_PROSECUTORS_OFFICE,
        absl::StrFormat("sup-%03d", (a - 1) % supervisors + 1), absl::StrCat("所屬機關", a),
        absl::StrCat("Agency ", a));
  }
  return directory;
}

}  // namespace svcup
