// svcup inspection ... and deficiency list: inspections of agencies and the follow-up of the
// deficiencies they find.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/calendar/roc_calendar.h"
#include "svcup/v1/reviews.grpc.pb.h"
#include "tools/svcup/commands.h"
#include "tools/svcup/reviews_client.h"

ABSL_FLAG(std::string, date, "", "inspection record: the inspection date (YYYY-MM-DD)");
ABSL_FLAG(std::string, inspection_kind, "scheduled",
          "inspection record: scheduled or unscheduled-verification");
ABSL_FLAG(std::string, findings, "", "inspection record: the findings");
ABSL_FLAG(std::string, action, "", "inspection answer: the corrective action");
ABSL_FLAG(bool, overdue, false, "deficiency list: only overdue ones");
ABSL_FLAG(std::string, organisation, "", "deficiency/inspection list: only this organisation");
ABSL_DECLARE_FLAG(std::string, deficiencies);
ABSL_DECLARE_FLAG(std::string, reason);
ABSL_DECLARE_FLAG(std::string, reports_to);

namespace svcup::cli {
namespace {

int InspectionRecord(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::RecordInspectionRequest request;
  request.set_organisation(args[0]);
  auto day = ParseIsoDate(absl::GetFlag(FLAGS_date), "--date");
  if (!day.ok()) return UsageError(day.status().message());
  *request.mutable_date() = DateToProto(*day);
  v1::InspectionKind kind;
  if (!ParseEnumFlag(absl::GetFlag(FLAGS_inspection_kind), "INSPECTION_KIND_",
                     &v1::InspectionKind_Parse, &kind)) {
    return UsageError("--inspection_kind: scheduled or unscheduled-verification");
  }
  request.set_kind(kind);
  request.set_findings(absl::GetFlag(FLAGS_findings));
  for (const auto& [text, due] : Pairs(absl::GetFlag(FLAGS_deficiencies), '@')) {
    auto due_day = ParseIsoDate(due, "--deficiencies due date");
    if (!due_day.ok()) return UsageError(due_day.status().message());
    auto* d = request.add_deficiencies();
    d->set_description(text);
    *d->mutable_due_date() = DateToProto(*due_day);
  }
  request.set_request_id(RequestId());
  v1::Inspection inspection;
  auto status = Call([&](grpc::ClientContext& c) {
    return ReviewsStub()->RecordInspection(&c, request, &inspection);
  });
  if (!status.ok()) return ExitCodeOf(status);
  std::string line = absl::StrCat("recorded ", inspection.name());
  for (const auto& d : inspection.deficiencies()) {
    absl::StrAppend(&line, "\n  ", d.name(), "  due ", FormatIsoDate(CivilDayOf(d.due_date())),
                    "  ", d.description());
  }
  return PrintOr(inspection, line);
}

// inspection answer|close|reopen DEFICIENCY: the etag is read now unless --etag gives it.
int DeficiencyChange(const std::vector<std::string>& args, absl::string_view verb) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  auto stub = ReviewsStub();
  std::string etag = absl::GetFlag(FLAGS_etag);
  if (etag.empty()) {
    v1::ListDeficienciesRequest list;
    const size_t at = args[0].find("/inspections/");
    list.set_organisation(args[0].substr(0, at));
    list.set_page_size(500);
    v1::ListDeficienciesResponse found;
    auto status =
        Call([&](grpc::ClientContext& c) { return stub->ListDeficiencies(&c, list, &found); });
    if (!status.ok()) return ExitCodeOf(status);
    for (const auto& d : found.deficiencies()) {
      if (d.name() == args[0]) etag = d.etag();
    }
  }
  v1::Deficiency deficiency;
  absl::Status status;
  if (verb == "answer") {
    v1::AnswerDeficiencyRequest r;
    r.set_name(args[0]);
    r.set_corrective_action(absl::GetFlag(FLAGS_action));
    r.set_etag(etag);
    r.set_request_id(RequestId());
    status =
        Call([&](grpc::ClientContext& c) { return stub->AnswerDeficiency(&c, r, &deficiency); });
  } else if (verb == "close") {
    v1::CloseDeficiencyRequest r;
    r.set_name(args[0]);
    r.set_etag(etag);
    r.set_request_id(RequestId());
    status =
        Call([&](grpc::ClientContext& c) { return stub->CloseDeficiency(&c, r, &deficiency); });
  } else {
    v1::ReopenDeficiencyRequest r;
    r.set_name(args[0]);
    r.set_reason(absl::GetFlag(FLAGS_reason));
    r.set_etag(etag);
    r.set_request_id(RequestId());
    status =
        Call([&](grpc::ClientContext& c) { return stub->ReopenDeficiency(&c, r, &deficiency); });
  }
  if (!status.ok()) return ExitCodeOf(status);
  return PrintOr(deficiency, absl::StrCat(deficiency.name(), "  ",
                                          EnumFlagName(v1::DeficiencyState_Name(deficiency.state()),
                                                       "DEFICIENCY_STATE_")));
}

int DeficiencyList(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  v1::ListDeficienciesRequest request;
  request.set_organisation(absl::GetFlag(FLAGS_organisation));
  request.set_reports_to(absl::GetFlag(FLAGS_reports_to));
  request.set_overdue_only(absl::GetFlag(FLAGS_overdue));
  if (const std::string state = absl::GetFlag(FLAGS_state); !state.empty()) {
    v1::DeficiencyState parsed;
    if (!ParseEnumFlag(state, "DEFICIENCY_STATE_", &v1::DeficiencyState_Parse, &parsed)) {
      return UsageError("--state: open, answered or closed");
    }
    request.set_state(parsed);
  }
  request.set_page_size(500);
  return CallAndPrint<v1::ListDeficienciesResponse>(
      [&](grpc::ClientContext& c, v1::ListDeficienciesResponse* response) {
        return ReviewsStub()->ListDeficiencies(&c, request, response);
      },
      [&](const v1::ListDeficienciesResponse& response) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& d : response.deficiencies()) {
          rows.push_back({d.name(),
                          EnumFlagName(v1::DeficiencyState_Name(d.state()), "DEFICIENCY_STATE_"),
                          FormatIsoDate(CivilDayOf(d.due_date())), d.overdue() ? "OVERDUE" : "",
                          d.description()});
        }
        PrintTable({"DEFICIENCY", "STATE", "DUE", "", "DESCRIPTION"}, rows);
      });
}

}  // namespace

std::vector<Command> InspectionCommands() {
  return {
      {"inspection", "record", "Record an inspection and the deficiencies it found",
       "orgs/CODE --date=YYYY-MM-DD [--inspection_kind=scheduled] --findings=TEXT "
       "[--deficiencies=TEXT@YYYY-MM-DD;...]",
       "svcup inspection record orgs/prison-taipei --date=2018-09-12 --findings='...' "
       "--deficiencies='接見室無障礙設施不足@2018-11-30'",
       InspectionRecord},
      {"inspection", "answer", "Answer a deficiency with the corrective action (the agency)",
       "DEFICIENCY --action=TEXT",
       "svcup inspection answer orgs/prison-taipei/inspections/1/deficiencies/1 --action='...'",
       [](const auto& a) { return DeficiencyChange(a, "answer"); }},
      {"inspection", "close", "Close an answered deficiency (the inspector)", "DEFICIENCY",
       "svcup inspection close orgs/prison-taipei/inspections/1/deficiencies/1",
       [](const auto& a) { return DeficiencyChange(a, "close"); }},
      {"inspection", "reopen", "Reopen a deficiency whose correction does not hold",
       "DEFICIENCY --reason=TEXT",
       "svcup inspection reopen orgs/prison-taipei/inspections/1/deficiencies/1 --reason='...'",
       [](const auto& a) { return DeficiencyChange(a, "reopen"); }},
      {"deficiency", "list", "List deficiencies (open, overdue, by agency or supervisor)",
       "[--organisation=orgs/CODE] [--reports_to=orgs/CODE] [--state=open] [--overdue]",
       "svcup deficiency list --reports_to=orgs/corrections --overdue", DeficiencyList},
  };
}

}  // namespace svcup::cli
