// The pages of the public portal, written from the plans service's messages: no gRPC here, only
// what a page shows and how. Every text taken from data is escaped.
#ifndef SVCUP_SERVICES_GATEWAY_PORTAL_PAGES_H_
#define SVCUP_SERVICES_GATEWAY_PORTAL_PAGES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "services/gateway/html_page.h"
#include "svcup/v1/plans.pb.h"

namespace svcup::gateway {

// Organisations by code.
using OrganisationsByCode = absl::flat_hash_map<std::string, const v1::Organisation*>;

// What a visitor asked the plan list for.
struct PlanSearch {
  int year = 0;
  std::string supervisor;  // an organisation code; "" for all
  std::string query;       // matched against agency code and names and the plan's title
};

// The portal's pages. Each writes into a page begun by the caller (language, title, path).
class PortalPages {
 public:
  // The years with a plan, each with its implementation plan, execution plans and open data.
  static void Home(HtmlPage& page, const std::vector<int>& years);

  // The published execution plans of search.year matching the search, with the search form.
  static void PlanList(HtmlPage& page, const PlanSearch& search, const std::vector<int>& years,
                       const std::vector<v1::Organisation>& organisations,
                       const std::vector<v1::ExecutionPlan>& plans);

  // One published execution plan: agency, supervisor, publication and lateness, the text.
  static void PlanPage(HtmlPage& page, const v1::ExecutionPlan& plan,
                       const OrganisationsByCode& organisations);

  // The years' implementation plans.
  static void ImplementationPlanIndex(HtmlPage& page, const std::vector<int>& years);

  // A year's implementation plan in force, and every amendment (versions newest first).
  static void ImplementationPlanPage(HtmlPage& page,
                                     const std::vector<v1::ImplementationPlan>& versions);

  // The downloads of each year, their licence and their fields.
  static void OpenData(HtmlPage& page, const std::vector<int>& years);

  // A short explanation of why there is nothing to show.
  static void Message(HtmlPage& page, absl::string_view text);

  // Whether `plan` (of an agency in `organisations`) matches `search`'s supervisor and query.
  static bool Matches(const PlanSearch& search, const v1::ExecutionPlan& plan,
                      const OrganisationsByCode& organisations);

  // The organisation code of "orgs/{code}".
  static std::string CodeOf(absl::string_view name);
};

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_PORTAL_PAGES_H_
