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
#include "tools/svcup/plans_client.h"

ABSL_FLAG(std::string, kind, "", "orgs list: only this kind (e.g. prison, district-prosecutors-office)");
ABSL_FLAG(std::string, reports_to, "", "Only organisations reporting to this one (orgs/CODE)");
ABSL_FLAG(std::string, as_of, "", "Show names as of this date (YYYY-MM-DD)");
ABSL_FLAG(bool, recursive, false, "orgs subordinates: the whole subtree");
ABSL_FLAG(std::string, reason, "", "plan amend: why the plan is amended");
ABSL_FLAG(std::string, effective, "", "plan amend: effective date (YYYY-MM-DD; default today)");

namespace svcup::cli {
namespace {

using v1::PlanRegistry;

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

std::string Kind(v1::OrganisationKind kind) {
  return EnumFlagName(v1::OrganisationKind_Name(kind), "ORGANISATION_KIND_");
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
        if (org.has_open_date()) std::cout << "  opened " << Date(org.open_date()) << "\n";
        if (org.has_close_date()) std::cout << "  closed " << Date(org.close_date()) << "\n";
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

// ---- audit -----------------------------------------------------------------------------------

int AuditPlans(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  return ListAuditRecords(*Plans());
}

}  // namespace

std::vector<Command> PlansCommands() {
  std::vector<Command> commands = {
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
  };
  for (Command& c : ExecPlanCommands()) commands.push_back(std::move(c));
  commands.push_back(
      {"audit", "plans", "List the plans service's audit trail (ministry, operators)",
       "[--target_prefix=PREFIX]", "svcup audit plans --target_prefix=orgs/dpo-taipei/",
       AuditPlans});
  return commands;
}

}  // namespace svcup::cli
