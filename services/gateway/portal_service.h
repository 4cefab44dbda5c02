// The web side of the gateway, for people: the public portal (published execution plans by year,
// supervisor and agency; each plan as a page in Chinese or English; the implementation plans with
// their amendments; the open-data downloads) and the supervisors' dashboard page, whose script
// calls the JSON API with the signed-in caller's token. GET and HEAD only; pages are written on
// the server, without script.
#ifndef SVCUP_SERVICES_GATEWAY_PORTAL_SERVICE_H_
#define SVCUP_SERVICES_GATEWAY_PORTAL_SERVICE_H_

#include <string>

#include "services/gateway/grpc_backends.h"
#include "services/gateway/html_page.h"
#include "services/gateway/http_message.h"
#include "services/gateway/public_plans.h"
#include "services/gateway/rpc_catalog.h"

namespace svcup::gateway {

// Answers the portal's paths. Thread-safe.
class PortalService {
 public:
  // Years before `first_year` are not offered. `plans`, `catalog` and `backends` must outlive
  // the service.
  PortalService(PublicPlans& plans, const RpcCatalog& catalog, const GrpcBackends& backends,
                int first_year = 2018);

  // The page, file or download at the request's path; a 404 page when there is none.
  HttpResponse Handle(const HttpRequest& request, const std::string& request_id);

 private:
  HttpResponse Home(HtmlPage& page);
  HttpResponse PlanList(HtmlPage& page, const HttpRequest& request);
  HttpResponse Plan(Language language, const std::string& path, const std::string& code, int year);
  HttpResponse ImplementationPlans(HtmlPage& page);
  HttpResponse ImplementationPlan(HtmlPage& page, int year);
  HttpResponse OpenData(HtmlPage& page);
  HttpResponse Download(int year, const std::string& format, const std::string& request_id);
  // The years offered: first_year_ to this year in Taipei, those with a plan.
  absl::StatusOr<std::vector<int>> Years();

  PublicPlans& plans_;
  const RpcCatalog& catalog_;
  const GrpcBackends& backends_;
  const int first_year_;
};

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_PORTAL_SERVICE_H_
