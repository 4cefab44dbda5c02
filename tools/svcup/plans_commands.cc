// svcup orgs | plan | exec-plan | audit plans: the plan registry from the command line.
#include <fstream>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "common/calendar/roc_calendar.h"
#include <google/protobuf/util/json_util.h>

#include "svcup/v1/plans.grpc.pb.h"
#include "tools/svcup/commands.h"

ABSL_FLAG(std::string, kind, "", "orgs list: only this kind (e.g. prison, district-prosecutors-office)");
ABSL_FLAG(std::string, reports_to, "", "Only organisations reporting to this one (orgs/CODE)");
ABSL_FLAG(std::string, as_of, "", "Show names as of this date (YYYY-MM-DD)");
ABSL_FLAG(bool, recursive, false, "orgs subordinates: the whole subtree");
ABSL_FLAG(std::string, format, "csv", "exec-plan export: csv or json");
ABSL_FLAG(std::string, reason, "", "plan amend: why the plan is amended");
ABSL_FLAG(std::string, effective, "", "plan amend: effective date (YYYY-MM-DD; default today)");

namespace svcup::cli {
namespace {

using v1::PlanRegistry;

std::unique_ptr<PlanRegistry::Stub> Plans() {
  return PlanRegistry::NewStub(ChannelTo(Service::kPlans));
}

bool OptionalDate(const std::string& flag, absl::string_view name, v1::Date* out, int* code) {
  if (flag.empty()) return true;
  auto day = ParseIsoDate(flag, name);
  if (!day.ok()) {
    *code = UsageError(day.status().message());
    return false;
  }
  *out = DateToProto(*day);
  return true;
}

std::string Date(const v1::Date& d) {
  return IsUnset(d) ? "" : absl::StrCat(FormatIsoDate(absl::CivilDay(d.year(), d.month(), d.day())));
}

std::string Kind(v1::OrganisationKind kind) {
  return EnumFlagName(v1::OrganisationKind_Name(kind), "ORGANISATION_KIND_");
}

std::string PlanState(v1::ExecutionPlanState state) {
  return EnumFlagName(v1::ExecutionPlanState_Name(state), "EXECUTION_PLAN_STATE_");
}

void PrintOrganisations(const std::vector<v1::Organisation>& orgs) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& o : orgs) {
    rows.push_back({o.name(), Kind(o.kind()), o.reports_to(), o.display_name().zh_tw(),
                    o.display_name().en()});
  }
  PrintTable({"NAME", "KIND", "REPORTS TO", "名稱", "NAME (EN)"}, rows);
}

// ---- orgs ------------------------------------------------------------------------------------

int OrgsList(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  v1::ListOrganisationsRequest request;
  if (const std::string kind = absl::GetFlag(FLAGS_kind); !kind.empty()) {
    v1::OrganisationKind parsed;
    if (!ParseEnumFlag(kind, "ORGANISATION_KIND_", &v1::OrganisationKind_Parse, &parsed)) {
      return UsageError(absl::StrCat("--kind: unknown kind \"", kind, "\""));
    }
    request.set_kind(parsed);
  }
  request.set_reports_to(absl::GetFlag(FLAGS_reports_to));
  if (!OptionalDate(absl::GetFlag(FLAGS_as_of), "--as_of", request.mutable_as_of(), &code)) {
    return code;
  }
  auto stub = Plans();
  v1::ListOrganisationsResponse all;
  if (auto status = ListAllPages<v1::ListOrganisationsRequest, v1::ListOrganisationsResponse>(
          request,
          [&](grpc::ClientContext& c, const v1::ListOrganisationsRequest& r,
              v1::ListOrganisationsResponse* page) { return stub->ListOrganisations(&c, r, page); },
          &all);
      !status.ok()) {
    return ExitCodeOf(status);
  }
  if (JsonOutput()) {
    PrintJson(all);
  } else {
    PrintOrganisations({all.organisations().begin(), all.organisations().end()});
    std::cout << all.total_size() << " organisations\n";
  }
  return kOk;
}

int OrgsShow(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::GetOrganisationRequest request;
  request.set_name(args[0]);
  if (!OptionalDate(absl::GetFlag(FLAGS_as_of), "--as_of", request.mutable_as_of(), &code)) {
    return code;
  }
  return CallAndPrint<v1::Organisation>(
      [&](grpc::ClientContext& c, v1::Organisation* response) {
        return Plans()->GetOrganisation(&c, request, response);
      },
      [&](const v1::Organisation& org) {
        PrintOrganisations({org});
        for (const auto& n : org.name_history()) {
          std::cout << "  " << n.name().zh_tw() << " / " << n.name().en() << "  ("
                    << (n.has_valid_from() ? Date(n.valid_from()) : "...") << " .. "
                    << (n.has_valid_until() ? Date(n.valid_until()) : "") << ")\n";
        }
      });
}

int OrgsSubordinates(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::ListSubordinatesRequest request;
  request.set_name(args[0]);
  request.set_recursive(absl::GetFlag(FLAGS_recursive));
  request.set_page_size(500);
  return CallAndPrint<v1::ListOrganisationsResponse>(
      [&](grpc::ClientContext& c, v1::ListOrganisationsResponse* response) {
        return Plans()->ListSubordinates(&c, request, response);
      },
      [&](const v1::ListOrganisationsResponse& response) {
        PrintOrganisations({response.organisations().begin(), response.organisations().end()});
      });
}

int OrgsRoute(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::ResolveReportingRouteRequest request;
  request.set_name(args[0]);
  return CallAndPrint<v1::ReportingRoute>(
      [&](grpc::ClientContext& c, v1::ReportingRoute* response) {
        return Plans()->ResolveReportingRoute(&c, request, response);
      },
      [&](const v1::ReportingRoute& route) {
        std::cout << route.organisation() << " -> " << absl::StrJoin(route.hops(), " -> ")
                  << (route.direct_to_top() ? "   (reports to the ministry directly)" : "") << "\n";
      });
}

// ---- plan ------------------------------------------------------------------------------------

void PrintImplementationPlan(const v1::ImplementationPlan& plan) {
  const auto& c = plan.content();
  std::cout << c.title().zh_tw() << "\n" << c.title().en() << "\n"
            << plan.name() << "  version " << plan.version() << "  "
            << v1::ImplementationPlanState_Name(plan.state()) << "  " << c.document_number()
            << "\n";
  if (plan.has_amendment()) {
    std::cout << "amended " << Date(plan.amendment().effective_date()) << ": "
              << plan.amendment().reason() << "\n";
  }
  std::cout << "execution plans due " << Date(c.execution_plan_deadline()) << "\n";
  for (const auto& p : c.reporting_periods()) {
    std::cout << "period " << p.number() << ": " << Date(p.start_date()) << " .. "
              << Date(p.end_date()) << ", agencies due " << Date(p.agency_due_date())
              << ", ministry due " << Date(p.ministry_due_date()) << "\n";
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : c.strategies()) {
    for (const auto& m : s.measures()) rows.push_back({m.code(), m.text().en()});
  }
  PrintTable({"MEASURE", "TEXT"}, rows);
  std::cout << "etag " << plan.etag() << "\n";
}

int PlanShow(const std::vector<std::string>& args) {
  if (args.size() > 1) return UsageError("expected at most one plan name");
  v1::GetImplementationPlanRequest request;
  request.set_name(args.empty() ? absl::StrCat("implementationPlans/", absl::GetFlag(FLAGS_year))
                                : args[0]);
  return CallAndPrint<v1::ImplementationPlan>(
      [&](grpc::ClientContext& c, v1::ImplementationPlan* response) {
        return Plans()->GetImplementationPlan(&c, request, response);
      },
      [&](const v1::ImplementationPlan& plan) { PrintImplementationPlan(plan); });
}

int PlanVersions(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::ListImplementationPlanVersionsRequest request;
  request.set_parent(absl::StrCat("implementationPlans/", args[0]));
  return CallAndPrint<v1::ListImplementationPlanVersionsResponse>(
      [&](grpc::ClientContext& c, v1::ListImplementationPlanVersionsResponse* response) {
        return Plans()->ListImplementationPlanVersions(&c, request, response);
      },
      [&](const v1::ListImplementationPlanVersionsResponse& response) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& v : response.versions()) {
          rows.push_back({v.name(), v1::ImplementationPlanState_Name(v.state()),
                          Date(v.amendment().effective_date()), v.amendment().reason()});
        }
        PrintTable({"NAME", "STATE", "EFFECTIVE", "REASON"}, rows);
      });
}

int PlanAmend(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::AmendImplementationPlanRequest request;
  request.set_name(absl::StrCat("implementationPlans/", args[0]));
  if (absl::GetFlag(FLAGS_file).empty()) return UsageError("--file is required");
  if (auto s = ReadDraftFile(absl::GetFlag(FLAGS_file), *request.mutable_content()); !s.ok()) {
    return UsageError(s.message());
  }
  request.mutable_amendment()->set_reason(absl::GetFlag(FLAGS_reason));
  if (!OptionalDate(absl::GetFlag(FLAGS_effective), "--effective",
                    request.mutable_amendment()->mutable_effective_date(), &code)) {
    return code;
  }
  auto stub = Plans();
  request.set_etag(absl::GetFlag(FLAGS_etag));
  if (request.etag().empty()) {
    v1::GetImplementationPlanRequest get;
    get.set_name(request.name());
    v1::ImplementationPlan current;
    auto status = Call([&](grpc::ClientContext& c) {
      return stub->GetImplementationPlan(&c, get, &current);
    });
    if (!status.ok()) return ExitCodeOf(status);
    request.set_etag(current.etag());
  }
  request.set_request_id(RequestId());
  return CallAndPrint<v1::ImplementationPlan>(
      [&](grpc::ClientContext& c, v1::ImplementationPlan* response) {
        return stub->AmendImplementationPlan(&c, request, response);
      },
      [&](const v1::ImplementationPlan& amended) {
        std::cout << "published " << amended.name() << " (etag " << amended.etag() << ")\n";
      });
}

// ---- exec-plan -------------------------------------------------------------------------------

int PrintExecutionPlanTemplate() {
  v1::ExecutionPlanContent content;
  content.set_title("");
  auto* m = content.add_measures();
  m->set_measure_code("1.1");
  m->set_title("");
  m->set_description("");
  m->set_responsible_unit("");
  auto* p = content.add_priorities();
  p->set_rank(1);
  p->set_title("");
  p->set_description("");
  return PrintTemplate(content);
}

void PrintExecutionPlan(const v1::ExecutionPlan& plan) {
  std::cout << plan.name() << "  " << PlanState(plan.state()) << "  etag " << plan.etag() << "\n"
            << plan.content().title() << "\n"
            << plan.organisation_display_name().zh_tw() << " / "
            << plan.organisation_display_name().en() << "\n";
  if (plan.has_approval()) {
    std::cout << "approved by " << plan.approval().approved_by().subject() << " ("
              << plan.approval().approved_by().organisation() << ")\n";
  }
  if (plan.has_publication()) {
    const auto& p = plan.publication();
    std::cout << "published " << (p.late() ? absl::StrCat(p.days_late(), " days late") : "on time")
              << " (deadline " << Date(p.deadline()) << "): " << absl::StrJoin(p.urls(), " ")
              << "\n";
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : plan.content().measures()) rows.push_back({m.measure_code(), m.title()});
  PrintTable({"MEASURE", "CONCRETE MEASURE"}, rows);
  for (const auto& p : plan.content().priorities()) {
    std::cout << "priority " << p.rank() << ": " << p.title() << "\n";
  }
}

// Prints the result of a call that returns an execution plan.
int Done(const v1::ExecutionPlan& plan, absl::string_view verb) {
  if (JsonOutput()) {
    PrintJson(plan);
  } else {
    std::cout << verb << " " << plan.name() << " (" << PlanState(plan.state()) << ", etag "
              << plan.etag() << ")";
    if (plan.has_publication() && plan.publication().late()) {
      std::cout << " LATE by " << plan.publication().days_late() << " days";
    }
    std::cout << "\n";
  }
  return kOk;
}

// The etag to send: --etag, or the plan's current one read now.
bool CurrentEtag(PlanRegistry::Stub& stub, const std::string& name, std::string* etag,
                 int* code) {
  *etag = absl::GetFlag(FLAGS_etag);
  if (!etag->empty()) return true;
  v1::GetExecutionPlanRequest get;
  get.set_name(name);
  v1::ExecutionPlan plan;
  auto status = Call([&](grpc::ClientContext& c) { return stub.GetExecutionPlan(&c, get, &plan); });
  if (!status.ok()) {
    *code = ExitCodeOf(status);
    return false;
  }
  *etag = plan.etag();
  return true;
}

int ExecCreate(const std::vector<std::string>& args) {
  if (absl::GetFlag(FLAGS_template)) return PrintExecutionPlanTemplate();
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  if (absl::GetFlag(FLAGS_file).empty()) return UsageError("--file is required (or --template)");
  v1::CreateExecutionPlanRequest request;
  request.set_parent(args[0]);
  request.set_year(absl::GetFlag(FLAGS_year));
  if (auto s = ReadDraftFile(absl::GetFlag(FLAGS_file), *request.mutable_content()); !s.ok()) {
    return UsageError(s.message());
  }
  request.set_request_id(RequestId());
  v1::ExecutionPlan plan;
  auto status = Call([&](grpc::ClientContext& c) {
    return Plans()->CreateExecutionPlan(&c, request, &plan);
  });
  return status.ok() ? Done(plan, "created") : ExitCodeOf(status);
}

int ExecEdit(const std::vector<std::string>& args) {
  if (absl::GetFlag(FLAGS_template)) return PrintExecutionPlanTemplate();
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  if (absl::GetFlag(FLAGS_file).empty()) return UsageError("--file is required (or --template)");
  v1::UpdateExecutionPlanRequest request;
  request.set_name(args[0]);
  if (auto s = ReadDraftFile(absl::GetFlag(FLAGS_file), *request.mutable_content()); !s.ok()) {
    return UsageError(s.message());
  }
  auto stub = Plans();
  if (!CurrentEtag(*stub, args[0], request.mutable_etag(), &code)) return code;
  request.set_request_id(RequestId());
  v1::ExecutionPlan plan;
  auto status = Call([&](grpc::ClientContext& c) {
    return stub->UpdateExecutionPlan(&c, request, &plan);
  });
  return status.ok() ? Done(plan, "updated") : ExitCodeOf(status);
}

int ExecApprove(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::ApproveExecutionPlanRequest request;
  request.set_name(args[0]);
  auto stub = Plans();
  if (!CurrentEtag(*stub, args[0], request.mutable_etag(), &code)) return code;
  request.set_request_id(RequestId());
  v1::ExecutionPlan plan;
  auto status = Call([&](grpc::ClientContext& c) {
    return stub->ApproveExecutionPlan(&c, request, &plan);
  });
  return status.ok() ? Done(plan, "approved") : ExitCodeOf(status);
}

int ExecPublish(const std::vector<std::string>& args) {
  if (args.size() < 2) return UsageError("expected NAME URL [URL...]");
  v1::PublishExecutionPlanRequest request;
  request.set_name(args[0]);
  for (size_t i = 1; i < args.size(); ++i) request.add_urls(args[i]);
  int code = kOk;
  auto stub = Plans();
  if (!CurrentEtag(*stub, args[0], request.mutable_etag(), &code)) return code;
  request.set_request_id(RequestId());
  v1::ExecutionPlan plan;
  auto status = Call([&](grpc::ClientContext& c) {
    return stub->PublishExecutionPlan(&c, request, &plan);
  });
  return status.ok() ? Done(plan, "published") : ExitCodeOf(status);
}

int ExecShow(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::GetExecutionPlanRequest request;
  request.set_name(args[0]);
  return CallAndPrint<v1::ExecutionPlan>(
      [&](grpc::ClientContext& c, v1::ExecutionPlan* response) {
        return Plans()->GetExecutionPlan(&c, request, response);
      },
      [&](const v1::ExecutionPlan& plan) { PrintExecutionPlan(plan); });
}

int ExecList(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  v1::ListExecutionPlansRequest request;
  request.set_year(absl::GetFlag(FLAGS_year));
  request.set_reports_to(absl::GetFlag(FLAGS_reports_to));
  if (const std::string state = absl::GetFlag(FLAGS_state); !state.empty()) {
    v1::ExecutionPlanState parsed;
    if (!ParseEnumFlag(state, "EXECUTION_PLAN_STATE_", &v1::ExecutionPlanState_Parse, &parsed)) {
      return UsageError(absl::StrCat("--state: unknown state \"", state, "\""));
    }
    request.set_state(parsed);
  }
  auto stub = Plans();
  v1::ListExecutionPlansResponse all;
  if (auto status = ListAllPages<v1::ListExecutionPlansRequest, v1::ListExecutionPlansResponse>(
          request,
          [&](grpc::ClientContext& c, const v1::ListExecutionPlansRequest& r,
              v1::ListExecutionPlansResponse* page) {
            return stub->ListExecutionPlans(&c, r, page);
          },
          &all);
      !status.ok()) {
    return ExitCodeOf(status);
  }
  if (JsonOutput()) {
    PrintJson(all);
    return kOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : all.execution_plans()) {
    rows.push_back({p.name(), PlanState(p.state()),
                    p.has_publication()
                        ? (p.publication().late() ? absl::StrCat(p.publication().days_late(),
                                                                 " days late")
                                                  : "on time")
                        : "",
                    p.organisation_display_name().zh_tw()});
  }
  PrintTable({"NAME", "STATE", "PUBLICATION", "機關"}, rows);
  std::cout << all.execution_plans_size() << " execution plans\n";
  return kOk;
}

int ExecExport(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  v1::ExportExecutionPlansRequest request;
  request.set_year(absl::GetFlag(FLAGS_year));
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format == "csv") {
    request.set_format(v1::EXPORT_FORMAT_CSV);
  } else if (format == "json") {
    request.set_format(v1::EXPORT_FORMAT_JSON);
  } else {
    return UsageError("--format: csv or json");
  }
  v1::Document document;
  auto status = Call([&](grpc::ClientContext& c) {
    return Plans()->ExportExecutionPlans(&c, request, &document);
  });
  if (!status.ok()) return ExitCodeOf(status);
  return WriteDocument(document.content(), document.content_type());
}

// ---- audit -----------------------------------------------------------------------------------

int AuditPlans(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  return ListAuditRecords(*Plans());
}

}  // namespace

std::vector<Command> PlansCommands() {
  return {
      {"orgs", "list", "List organisations (filter by kind or supervisor)",
       "[--kind=KIND] [--reports_to=orgs/CODE] [--as_of=YYYY-MM-DD]",
       "svcup orgs list --reports_to=orgs/corrections --kind=prison", OrgsList},
      {"orgs", "show", "Show an organisation and its name history", "orgs/CODE [--as_of=DATE]",
       "svcup orgs show orgs/dpo-taipei --as_of=2018-03-01", OrgsShow},
      {"orgs", "subordinates", "List the organisations below one", "orgs/CODE [--recursive]",
       "svcup orgs subordinates orgs/high-prosecutors", OrgsSubordinates},
      {"orgs", "route", "Where an organisation's reports go", "orgs/CODE",
       "svcup orgs route orgs/dpo-kinmen", OrgsRoute},
      {"plan", "show", "Show an implementation plan version (default: the one in force)",
       "[implementationPlans/YEAR[/versions/N]] [--year=2018]", "svcup plan show --year=2018",
       PlanShow},
      {"plan", "versions", "List the versions of a year's implementation plan", "YEAR",
       "svcup plan versions 2018", PlanVersions},
      {"plan", "amend", "Amend the implementation plan of a year (ministry officers)",
       "YEAR --file=content.json --reason=TEXT [--effective=DATE] [--etag=ETAG]",
       "svcup plan amend 2018 --file=plan.json --reason='Adds measure 6.5'", PlanAmend},
      {"exec-plan", "create", "Draft an agency's execution plan",
       "orgs/CODE --year=YEAR --file=draft.json | --template",
       "svcup exec-plan create orgs/dpo-taipei --year=2018 --file=draft.json", ExecCreate},
      {"exec-plan", "edit", "Replace the content of an unpublished execution plan",
       "NAME --file=draft.json [--etag=ETAG]",
       "svcup exec-plan edit orgs/dpo-taipei/executionPlans/2018 --file=draft.json", ExecEdit},
      {"exec-plan", "approve", "Record the agency head's approval (agency heads)",
       "NAME [--etag=ETAG]", "svcup exec-plan approve orgs/dpo-taipei/executionPlans/2018",
       ExecApprove},
      {"exec-plan", "publish", "Publish an approved execution plan at its URLs",
       "NAME URL [URL...] [--etag=ETAG]",
       "svcup exec-plan publish orgs/dpo-taipei/executionPlans/2018 "
       "https://www.tpc.moj.gov.tw/plan-107.pdf",
       ExecPublish},
      {"exec-plan", "show", "Show an execution plan (published ones need no token)", "NAME",
       "svcup exec-plan show orgs/dpo-taipei/executionPlans/2018", ExecShow},
      {"exec-plan", "list", "List execution plans of a year",
       "[--year=2018] [--reports_to=orgs/CODE] [--state=published]",
       "svcup exec-plan list --year=2018 --reports_to=orgs/high-prosecutors", ExecList},
      {"exec-plan", "export", "Export published execution plans as open data",
       "[--year=2018] [--format=csv|json] [--out=FILE]",
       "svcup exec-plan export --year=2018 --format=csv --out=plans-107.csv", ExecExport},
      {"audit", "plans", "List the plans service's audit trail (ministry, operators)",
       "[--target_prefix=PREFIX]", "svcup audit plans --target_prefix=orgs/dpo-taipei/",
       AuditPlans},
  };
}

}  // namespace svcup::cli
