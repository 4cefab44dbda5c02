// What the load generators share: the reporting agencies of the hierarchy plans serves, and
// the content of the period-1 draft each keeps up to date.
#ifndef SVCUP_BENCH_BENCH_AGENCIES_H_
#define SVCUP_BENCH_BENCH_AGENCIES_H_

#include <grpcpp/client_context.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/calendar/roc_calendar.h"
#include "svcup/v1/plans.grpc.pb.h"
#include "svcup/v1/reports.pb.h"

namespace svcup::bench {

// The report content of draft `version` (each version differs, so each update writes).
inline v1::ReportContent DraftContent(int version) {
  v1::ReportContent c;
  *c.mutable_as_of_date() = DateToProto(absl::CivilDay(2018, 6, 30));
  auto* r = c.add_measure_results();
  r->set_measure_code("2.3");
  r->set_actions_taken("辦理臨櫃民眾滿意度調查");
  r->set_results(absl::StrCat("滿意度較去年提升（第 ", version, " 版）"));
  auto* indicator = r->add_indicators();
  indicator->set_name("民眾滿意度");
  indicator->set_value(90 + version % 10);
  indicator->set_unit("%");
  c.set_summary("本期依執行計畫推動各項措施");
  return c;
}

// The reporting agencies (organisations with a supervisor and no subordinates), from plans;
// exits when plans cannot be reached.
inline std::vector<std::string> ReportingAgencies(v1::PlanRegistry::Stub& plans) {
  std::vector<v1::Organisation> all;
  v1::ListOrganisationsRequest request;
  request.set_page_size(500);
  do {
    grpc::ClientContext context;
    v1::ListOrganisationsResponse page;
    if (!plans.ListOrganisations(&context, request, &page).ok()) {
      std::cerr << "cannot list organisations\n";
      std::exit(1);
    }
    all.insert(all.end(), page.organisations().begin(), page.organisations().end());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  std::vector<std::string> parents;
  for (const auto& o : all) parents.push_back(o.reports_to());
  std::sort(parents.begin(), parents.end());
  std::vector<std::string> agencies;
  for (const auto& o : all) {
    const bool supervises = std::binary_search(parents.begin(), parents.end(), o.name());
    if (!o.reports_to().empty() && !supervises) agencies.push_back(o.code());
  }
  return agencies;
}

}  // namespace svcup::bench

#endif  // SVCUP_BENCH_BENCH_AGENCIES_H_
