// svcup report ... and audit reports: progress reports from the command line.
#include <google/protobuf/util/json_util.h>

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/auth/crypto.h"
#include "common/calendar/roc_calendar.h"
#include "svcup/v1/reports.grpc.pb.h"
#include "tools/svcup/commands.h"
#include "tools/svcup/watch_command.h"

ABSL_FLAG(int, period, 1, "Reporting period: 1 (January-June) or 2 (January-December)");
ABSL_FLAG(std::string, recipient, "", "report list: only reports addressed to this organisation");
ABSL_FLAG(bool, whole_tree, false, "report completeness/watch: every agency of the tree (ministry)");
ABSL_FLAG(int64_t, after, 0, "report watch: resume after this sequence number");
ABSL_FLAG(int, limit, 0, "report watch: stop after this many events (0: until caught up)");
ABSL_FLAG(bool, follow, false, "report watch: keep following new events until interrupted");

namespace svcup::cli {
namespace {

using v1::ProgressReports;

std::unique_ptr<ProgressReports::Stub> Reports() {
  return ProgressReports::NewStub(ChannelTo(Service::kReports));
}

std::string ReportState(v1::ReportState state) {
  return EnumFlagName(v1::ReportState_Name(state), "REPORT_STATE_");
}

std::string ReportName(const std::string& org) {
  return absl::StrCat(org, "/reports/", absl::GetFlag(FLAGS_year), "-", absl::GetFlag(FLAGS_period));
}

int PrintReportTemplate() {
  v1::ReportContent content;
  content.mutable_as_of_date()->set_year(absl::GetFlag(FLAGS_year));
  content.mutable_as_of_date()->set_month(6);
  content.mutable_as_of_date()->set_day(30);
  auto* result = content.add_measure_results();
  result->set_measure_code("2.3");
  result->set_actions_taken("");
  result->set_results("");
  auto* indicator = result->add_indicators();
  indicator->set_name("");
  indicator->set_unit("%");
  result->add_evidence_links("https://");
  auto* meeting = content.add_meetings();
  meeting->mutable_date()->set_year(absl::GetFlag(FLAGS_year));
  meeting->add_participants("");
  content.set_summary("");
  return PrintTemplate(content);
}

// report draft ORG: creates the report, or replaces the content of the existing one.
int Draft(const std::vector<std::string>& args) {
  if (absl::GetFlag(FLAGS_template)) return PrintReportTemplate();
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  // Without --file a new report of period 2 starts from the accepted period-1 content.
  v1::ReportContent content;
  if (!absl::GetFlag(FLAGS_file).empty()) {
    if (auto s = ReadDraftFile(absl::GetFlag(FLAGS_file), content); !s.ok()) {
      return UsageError(s.message());
    }
  }
  auto stub = Reports();
  v1::GetReportRequest get;
  get.set_name(ReportName(args[0]));
  v1::ProgressReport existing, report;
  absl::Status status = Call(
      [&](grpc::ClientContext& c) { return stub->GetReport(&c, get, &existing); },
      /*idempotent=*/true, /*expected=*/absl::StatusCode::kNotFound);
  if (status.code() == absl::StatusCode::kNotFound) {
    v1::CreateReportRequest create;
    create.set_parent(args[0]);
    create.set_year(absl::GetFlag(FLAGS_year));
    create.set_period(absl::GetFlag(FLAGS_period));
    *create.mutable_content() = content;
    create.set_request_id(RequestId());
    status = Call([&](grpc::ClientContext& c) { return stub->CreateReport(&c, create, &report); });
  } else if (status.ok() && absl::GetFlag(FLAGS_file).empty()) {
    return UsageError(absl::StrCat("--file is required: ", existing.name(),
                                   " exists and its content would be replaced"));
  } else if (status.ok()) {
    v1::UpdateReportRequest update;
    update.set_name(existing.name());
    *update.mutable_content() = content;
    update.set_etag(absl::GetFlag(FLAGS_etag).empty() ? existing.etag() : absl::GetFlag(FLAGS_etag));
    update.set_request_id(RequestId());
    status = Call([&](grpc::ClientContext& c) { return stub->UpdateReport(&c, update, &report); });
  }
  if (!status.ok()) return ExitCodeOf(status);
  if (JsonOutput()) {
    PrintJson(report);
  } else {
    std::cout << "drafted " << report.name() << " (" << ReportState(report.state()) << ", to "
              << report.recipient() << ", due " << FormatIsoDate(CivilDayOf(report.due_date()))
              << ")\n";
  }
  return kOk;
}

int Submit(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  auto stub = Reports();
  v1::SubmitReportRequest request;
  request.set_name(args[0]);
  request.set_etag(absl::GetFlag(FLAGS_etag));
  if (request.etag().empty()) {
    v1::GetReportRequest get;
    get.set_name(args[0]);
    v1::ProgressReport report;
    auto status = Call([&](grpc::ClientContext& c) { return stub->GetReport(&c, get, &report); });
    if (!status.ok()) return ExitCodeOf(status);
    request.set_etag(report.etag());
  }
  request.set_request_id(RequestId());
  return CallAndPrint<v1::ReportRevision>(
      [&](grpc::ClientContext& c, v1::ReportRevision* response) {
        return stub->SubmitReport(&c, request, response);
      },
      [&](const v1::ReportRevision& revision) {
        std::cout << "submitted " << revision.name() << " to " << revision.recipient()
                  << (revision.late() ? absl::StrCat(", LATE by ", revision.days_late(), " days")
                                      : ", on time")
                  << " (" << revision.content_digest().substr(0, 19) << "...)\n";
      });
}

int Show(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::GetReportRequest request;
  request.set_name(args[0]);
  return CallAndPrint<v1::ProgressReport>(
      [&](grpc::ClientContext& c, v1::ProgressReport* response) {
        return Reports()->GetReport(&c, request, response);
      },
      [&](const v1::ProgressReport& report) {
        std::cout << report.name() << "  " << ReportState(report.state()) << "  revision "
                  << report.latest_revision() << "  to " << report.recipient() << "  etag "
                  << report.etag() << "\n";
        for (const v1::ReturnReason& reason : report.return_reasons()) {
          std::cout << "returned by " << report.decided_by().subject() << ": "
                    << (reason.measure_code().empty() ? ""
                                                      : "measure " + reason.measure_code() + ": ")
                    << reason.reason() << "\n";
        }
        if (report.return_reasons().empty() && !report.return_reason().empty()) {
          std::cout << "returned by " << report.decided_by().subject() << ": "
                    << report.return_reason() << "\n";
        }
        std::vector<std::vector<std::string>> rows;
        for (const auto& r : report.content().measure_results()) {
          rows.push_back({r.measure_code(), r.actions_taken(), r.results()});
        }
        PrintTable({"MEASURE", "ACTIONS", "RESULTS"}, rows);
        std::cout << report.content().meetings_size() << " task-force meetings\n";
      });
}

int List(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  v1::ListReportsRequest request;
  request.set_year(absl::GetFlag(FLAGS_year));
  request.set_recipient(absl::GetFlag(FLAGS_recipient));
  if (const std::string state = absl::GetFlag(FLAGS_state); !state.empty()) {
    v1::ReportState parsed;
    if (!ParseEnumFlag(state, "REPORT_STATE_", &v1::ReportState_Parse, &parsed)) {
      return UsageError(absl::StrCat("--state: unknown report state \"", state, "\""));
    }
    request.set_state(parsed);
  }
  auto stub = Reports();
  v1::ListReportsResponse all;
  if (auto status = ListAllPages<v1::ListReportsRequest, v1::ListReportsResponse>(
          request,
          [&](grpc::ClientContext& c, const v1::ListReportsRequest& r,
              v1::ListReportsResponse* page) { return stub->ListReports(&c, r, page); },
          &all);
      !status.ok()) {
    return ExitCodeOf(status);
  }
  if (JsonOutput()) {
    PrintJson(all);
    return kOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : all.reports()) {
    rows.push_back({r.name(), ReportState(r.state()), absl::StrCat(r.latest_revision()),
                    r.recipient()});
  }
  PrintTable({"NAME", "STATE", "REVISION", "RECIPIENT"}, rows);
  std::cout << all.reports_size() << " reports\n";
  return kOk;
}

int Completeness(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::GetCompletenessRequest request;
  request.set_recipient(args[0]);
  request.set_year(absl::GetFlag(FLAGS_year));
  request.set_period(absl::GetFlag(FLAGS_period));
  request.set_whole_tree(absl::GetFlag(FLAGS_whole_tree));
  auto stub = Reports();
  v1::Completeness completeness;
  if (auto status = ListAllPages<v1::GetCompletenessRequest, v1::Completeness>(
          request,
          [&](grpc::ClientContext& c, const v1::GetCompletenessRequest& r, v1::Completeness* page) {
            return stub->GetCompleteness(&c, r, page);
          },
          &completeness);
      !status.ok()) {
    return ExitCodeOf(status);
  }
  if (JsonOutput()) {
    PrintJson(completeness);
    return kOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& a : completeness.agencies()) {
    rows.push_back({a.organisation(),
                    EnumFlagName(v1::CompletenessStatus_Name(a.status()), "COMPLETENESS_STATUS_"),
                    a.days_late() > 0 ? absl::StrCat(a.days_late()) : "",
                    a.display_name().zh_tw()});
  }
  PrintTable({"AGENCY", "STATUS", "DAYS LATE", "機關"}, rows);
  std::cout << completeness.recipient() << " " << completeness.year() << "-"
            << completeness.period() << ": " << completeness.on_time() << " on time, "
            << completeness.late() << " late, " << completeness.missing() << " missing, "
            << completeness.pending() << " not yet due, of " << completeness.total()
            << absl::StrFormat(" (%.1f%% submitted)", completeness.submitted_percent()) << "\n";
  return kOk;
}

int Watch(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::WatchReportEventsRequest request;
  request.set_recipient(args[0]);
  request.set_after_sequence(absl::GetFlag(FLAGS_after));
  request.set_whole_tree(absl::GetFlag(FLAGS_whole_tree));
  auto stub = Reports();
  return RunWatch<v1::ReportEvent>(
      [&](grpc::ClientContext& c) { return stub->WatchReportEvents(&c, request); },
      [](const v1::ReportEvent& event) {
        std::cout << event.sequence() << "  "
                  << EnumFlagName(v1::ReportEventType_Name(event.type()), "REPORT_EVENT_TYPE_")
                  << "  " << event.report() << "/revisions/" << event.revision()
                  << (event.late() ? absl::StrCat("  late by ", event.days_late(), " days") : "")
                  << (event.reason().empty() ? "" : "  reason: " + event.reason()) << "\n";
      });
}

// report readings ORG --file=batch.json: one batch; its batch_id defaults to a digest of the
// file, so pushing the same file again changes nothing.
int Readings(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  if (absl::GetFlag(FLAGS_file).empty()) return UsageError("--file is required");
  v1::RecordReadingsRequest batch;
  if (auto s = ReadDraftFile(absl::GetFlag(FLAGS_file), batch); !s.ok()) {
    return UsageError(s.message());
  }
  batch.set_organisation(args[0]);
  if (batch.batch_id().empty()) {
    batch.set_batch_id(absl::StrCat("file-", Sha256Hex(batch.SerializeAsString()).substr(0, 32)));
  }
  v1::RecordReadingsResponse response;
  auto status = Call([&](grpc::ClientContext& c) {
    auto writer = Reports()->RecordReadings(&c, &response);
    writer->Write(batch);
    writer->WritesDone();
    return writer->Finish();
  });
  if (!status.ok()) return ExitCodeOf(status);
  if (JsonOutput()) {
    PrintJson(response);
  } else {
    std::cout << response.accepted() << " readings stored, " << response.duplicates()
              << " already stored (batch " << batch.batch_id() << ")\n";
  }
  return kOk;
}

int Summary(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::GetIndicatorSummaryRequest request;
  request.set_organisation(args[0]);
  request.set_year(absl::GetFlag(FLAGS_year));
  request.set_period(absl::GetFlag(FLAGS_period));
  return CallAndPrint<v1::IndicatorSummary>(
      [&](grpc::ClientContext& c, v1::IndicatorSummary* response) {
        return Reports()->GetIndicatorSummary(&c, request, response);
      },
      [&](const v1::IndicatorSummary& summary) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& a : summary.aggregates()) {
          rows.push_back({a.indicator(), absl::StrCat(a.count()), absl::StrCat(a.sum()),
                          absl::StrCat(a.min()), absl::StrCat(a.max()), absl::StrCat(a.last()),
                          a.unit()});
        }
        PrintTable({"INDICATOR", "COUNT", "SUM", "MIN", "MAX", "LAST", "UNIT"}, rows);
      });
}

int AuditReports(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  return ListAuditRecords(*Reports());
}

}  // namespace

std::vector<Command> ReportsCommands() {
  std::vector<Command> commands = {
      {"report", "draft", "Create a progress report, or replace its content",
       "orgs/CODE --period=1 [--year=2018] --file=report.json | --template (period 2 without "
       "--file: from the accepted period 1)",
       "svcup report draft orgs/dpo-taipei --period=1 --file=report-107-1.json", Draft},
      {"report", "submit", "Submit a report as a new revision, routed to its recipient",
       "NAME [--etag=ETAG] [--request_id=ID]", "svcup report submit orgs/dpo-taipei/reports/2018-1",
       Submit},
      SubmitDirCommand(),
      {"report", "show", "Show a report's state and working content", "NAME",
       "svcup report show orgs/dpo-taipei/reports/2018-1", Show},
      {"report", "list", "List the reports you may see",
       "[--year=2018] [--recipient=orgs/CODE] [--state=submitted]",
       "svcup report list --recipient=orgs/high-prosecutors --state=submitted", List},
      {"report", "completeness", "On time, late, missing and pending agencies of a recipient",
       "orgs/CODE [--period=1] [--year=2018] [--whole_tree]",
       "svcup report completeness orgs/corrections --period=1", Completeness},
      {"report", "watch", "Stream report events addressed to a recipient (resumable)",
       "orgs/CODE [--after=SEQ] [--limit=N] [--follow] [--whole_tree]",
       "svcup report watch orgs/high-prosecutors --after=42 --follow", Watch},
      {"report", "readings", "Push a batch of indicator readings (JSON file)",
       "orgs/CODE --file=readings.json",
       "svcup report readings orgs/dpo-taipei --file=counter-2018-05.json", Readings},
      {"report", "summary", "Aggregates of an organisation's readings over a period",
       "orgs/CODE [--period=1] [--year=2018]", "svcup report summary orgs/dpo-taipei --period=1",
       Summary},
      {"audit", "reports", "List the reports service's audit trail (ministry, operators)",
       "[--target_prefix=PREFIX]", "svcup audit reports --target_prefix=orgs/dpo-taipei/",
       AuditReports},
  };
  for (Command& c : RevisionCommands()) commands.push_back(std::move(c));
  for (Command& c : AnalyticsCommands()) commands.push_back(std::move(c));
  return commands;
}

}  // namespace svcup::cli
