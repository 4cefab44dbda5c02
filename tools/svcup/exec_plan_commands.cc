// svcup exec-plan ...: an agency's execution plan from draft to publication, and the open-data
// export.
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/calendar/roc_calendar.h"
#include "svcup/v1/plans.grpc.pb.h"
#include "tools/svcup/commands.h"
#include "tools/svcup/plans_client.h"

ABSL_FLAG(std::string, format, "csv", "exec-plan export: csv or json");
ABSL_DECLARE_FLAG(std::string, reports_to);

namespace svcup::cli {
namespace {

using v1::PlanRegistry;

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
  std::string content, content_type;
  auto status = Call([&](grpc::ClientContext& c) {
    content.clear();  // a retried call starts again
    auto reader = Plans()->ExportExecutionPlans(&c, request);
    v1::Document piece;
    while (reader->Read(&piece)) {
      if (!piece.content_type().empty()) content_type = piece.content_type();
      content += piece.content();
    }
    return reader->Finish();
  });
  if (!status.ok()) return ExitCodeOf(status);
  return WriteDocument(content, content_type);
}


}  // namespace

std::vector<Command> ExecPlanCommands() {
  return {
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
  };
}

}  // namespace svcup::cli
