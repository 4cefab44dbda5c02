// svcup report answer | report changes: answering a return's reasons, and reading what changed
// between revisions (part of ReportsCommands).
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "svcup/v1/reports.grpc.pb.h"
#include "tools/svcup/commands.h"
#include "tools/svcup/reviews_client.h"

ABSL_FLAG(std::string, answers, "",
          "report answer: answers to the return's reasons, CODE:TEXT;... (:TEXT for the overall "
          "reason)");

namespace svcup::cli {
namespace {

std::string Kind(v1::ChangeKind kind) {
  return EnumFlagName(v1::ChangeKind_Name(kind), "CHANGE_KIND_");
}

std::string Figure(double value, const std::string& unit) { return absl::StrCat(value, unit); }

// One line per change of a measure: "2.3 modified: actions, 民眾滿意度 91.5% -> 93%, +1 link".
std::string MeasureLine(const v1::MeasureChange& m) {
  std::vector<std::string> parts;
  if (m.actions_taken_changed()) parts.push_back("actions taken");
  if (m.results_changed()) parts.push_back("results");
  for (const v1::IndicatorChange& i : m.indicators()) {
    switch (i.kind()) {
      case v1::CHANGE_KIND_ADDED:
        parts.push_back(absl::StrCat(i.name(), " new ", Figure(i.value(), i.unit())));
        break;
      case v1::CHANGE_KIND_REMOVED:
        parts.push_back(absl::StrCat(i.name(), " removed (was ",
                                     Figure(i.previous_value(), i.previous_unit()), ")"));
        break;
      default:
        parts.push_back(absl::StrCat(i.name(), " ", Figure(i.previous_value(), i.previous_unit()),
                                     " -> ", Figure(i.value(), i.unit())));
    }
  }
  if (m.evidence_added_size() > 0)
    parts.push_back(absl::StrCat("+", m.evidence_added_size(), " evidence"));
  if (m.evidence_removed_size() > 0) {
    parts.push_back(absl::StrCat("-", m.evidence_removed_size(), " evidence"));
  }
  return absl::StrCat("  measure ", m.measure_code(), " ", Kind(m.kind()),
                      parts.empty() ? "" : ": ", absl::StrJoin(parts, ", "));
}

void PrintDiff(const std::string& title, const v1::ContentDiff& diff) {
  std::cout << title << " " << diff.base_revision() << ":\n";
  for (const v1::MeasureChange& m : diff.measures()) std::cout << MeasureLine(m) << "\n";
  if (diff.meetings_added_size() + diff.meetings_removed_size() > 0) {
    std::cout << "  meetings: +" << diff.meetings_added_size() << " -"
              << diff.meetings_removed_size() << "\n";
  }
  if (diff.as_of_date_changed()) std::cout << "  as-of date changed\n";
  if (diff.priorities_changed()) std::cout << "  priorities changed\n";
  if (diff.summary_changed()) std::cout << "  summary changed\n";
}

// report changes REVISION: what changed, and the reasons it answers beside the answers.
int Changes(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::GetReportRevisionRequest request;
  request.set_name(args[0]);
  return CallAndPrint<v1::ReportRevision>(
      [&](grpc::ClientContext& c, v1::ReportRevision* response) {
        return v1::ProgressReports::NewStub(ChannelTo(Service::kReports))
            ->GetReportRevision(&c, request, response);
      },
      [&](const v1::ReportRevision& revision) {
        if (!revision.has_changes() && !revision.has_changes_since_decision()) {
          std::cout << revision.name() << " is the first: nothing to compare it with\n";
        }
        if (revision.has_changes()) PrintDiff("changes since", revision.changes());
        if (revision.has_changes_since_decision() &&
            revision.changes_since_decision().base_revision() !=
                revision.changes().base_revision()) {
          PrintDiff("changes since the decided", revision.changes_since_decision());
        }
        for (const v1::ReturnReason& reason : revision.answered_reasons()) {
          std::string answer = "(no answer)";
          for (const v1::ReasonAnswer& a : revision.content().reason_answers()) {
            if (a.measure_code() == reason.measure_code()) answer = a.answer();
          }
          std::cout << "  reason "
                    << (reason.measure_code().empty() ? "overall" : reason.measure_code()) << ": "
                    << reason.reason() << "\n    answer: " << answer << "\n";
        }
      });
}

// report answer REPORT --answers=...: puts the answers into the working content.
int Answer(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  if (absl::GetFlag(FLAGS_answers).empty()) return UsageError("--answers is required");
  auto stub = v1::ProgressReports::NewStub(ChannelTo(Service::kReports));
  v1::GetReportRequest get;
  get.set_name(args[0]);
  v1::ProgressReport report;
  auto status = Call([&](grpc::ClientContext& c) { return stub->GetReport(&c, get, &report); });
  if (!status.ok()) return ExitCodeOf(status);
  v1::UpdateReportRequest update;
  update.set_name(report.name());
  *update.mutable_content() = report.content();
  update.mutable_content()->clear_reason_answers();
  for (const auto& [measure, text] : Pairs(absl::GetFlag(FLAGS_answers), ':')) {
    v1::ReasonAnswer* answer = update.mutable_content()->add_reason_answers();
    answer->set_measure_code(measure);
    answer->set_answer(text);
  }
  update.set_etag(report.etag());
  update.set_request_id(RequestId());
  return CallAndPrint<v1::ProgressReport>(
      [&](grpc::ClientContext& c, v1::ProgressReport* response) {
        return stub->UpdateReport(&c, update, response);
      },
      [&](const v1::ProgressReport& updated) {
        std::cout << "answered " << updated.content().reason_answers_size() << " of "
                  << updated.return_reasons_size() << " reasons of " << updated.name() << "\n";
      });
}

}  // namespace

std::vector<Command> RevisionCommands() {
  return {
      {"report", "answer", "Answer the reasons a report was returned with",
       "NAME --answers=CODE:TEXT;...",
       "svcup report answer orgs/dpo-taipei/reports/2018-1 "
       "--answers='2.3:已補充樣本數;:已全面檢視'",
       Answer},
      {"report", "changes", "What changed in a revision, and the reasons it answers", "REVISION",
       "svcup report changes orgs/dpo-taipei/reports/2018-1/revisions/2", Changes},
  };
}

}  // namespace svcup::cli
