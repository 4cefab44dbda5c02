// What the load generators share: the reporting agencies of the hierarchy plans serves, the
// content of the period-1 draft each keeps up to date, and an execution plan that validates.
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

// A reporting agency and whom it reports to.
struct ReportingAgency {
  std::string code;
  std::string parent;   // its supervisor's code, or the top of the tree's
  bool direct = false;  // reports to the top of the tree (the ministry) directly
};

// The reporting agencies (organisations with a supervisor and no subordinates) with their
// parents, from plans; exits when plans cannot be reached.
inline std::vector<ReportingAgency> ReportingAgenciesWithParents(v1::PlanRegistry::Stub& plans) {
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
  std::string root;
  for (const auto& o : all) {
    parents.push_back(o.reports_to());
    if (o.reports_to().empty()) root = o.name();
  }
  std::sort(parents.begin(), parents.end());
  std::vector<ReportingAgency> agencies;
  for (const auto& o : all) {
    const bool supervises = std::binary_search(parents.begin(), parents.end(), o.name());
    if (o.reports_to().empty() || supervises) continue;
    agencies.push_back({o.code(), o.reports_to().substr(5), o.reports_to() == root});
  }
  return agencies;
}

// The reporting agencies' codes (see ReportingAgenciesWithParents).
inline std::vector<std::string> ReportingAgencies(v1::PlanRegistry::Stub& plans) {
  std::vector<std::string> codes;
  for (ReportingAgency& a : ReportingAgenciesWithParents(plans)) codes.push_back(std::move(a.code));
  return codes;
}

// A 2018 execution plan for `code` that validates, as a CreateExecutionPlan request.
inline v1::CreateExecutionPlanRequest ExecutionPlanDraft(const std::string& code) {
  v1::CreateExecutionPlanRequest create;
  create.set_parent("orgs/" + code);
  create.set_year(2018);
  v1::ExecutionPlanContent& content = *create.mutable_content();
  content.set_title("107年度服務躍升執行計畫");
  content.set_basis("法務部107年度服務躍升實施計畫");
  content.set_goals("落實司法為民，提升服務品質與親民形象");
  content.set_targets("本機關各單位及為民服務中心");
  for (const char* measure : {"1.1", "2.3", "3.2"}) {
    auto* m = content.add_measures();
    m->set_measure_code(measure);
    m->set_title("依實施計畫推動");
  }
  content.set_implementation_steps("一、成立工作小組。二、三月底前公告。三、按期檢討。");
  content.set_evaluation("每半年由為民服務中心召開會議檢討");
  content.set_rewards("績效優良人員依規定敘獎");
  auto* priority = content.add_priorities();
  priority->set_rank(1);
  priority->set_title("單一窗口便民服務");
  create.set_request_id("bench-plan-" + code);
  return create;
}

}  // namespace svcup::bench

#endif  // SVCUP_BENCH_BENCH_AGENCIES_H_
