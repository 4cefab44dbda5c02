// svcup report submit-dir DIR: an agency system's nightly push. Every draft in the folder is
// created or updated and submitted; a summary counts what was accepted (on time or late),
// unchanged and refused. Re-running with the same drafts changes nothing: a report whose working
// content already equals the draft is not submitted again, and every write carries a request_id
// derived from the report and the content, so a push cut off midway is safely repeated.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/message_differencer.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "common/auth/crypto.h"
#include "common/status/macros.h"
#include "svcup/v1/reports.grpc.pb.h"
#include "tools/svcup/commands.h"

ABSL_DECLARE_FLAG(int, period);
ABSL_FLAG(std::string, token_file_pattern, "",
          "report submit-dir: token file per agency, {org} standing for its code "
          "(e.g. tokens/{org}.token); default: the one --token/--token_file");

namespace svcup::cli {
namespace {

using v1::ProgressReports;

// What became of one draft.
enum class Outcome { kOnTime, kLate, kUnchanged, kRefused };

struct DraftResult {
  Outcome outcome = Outcome::kRefused;
  std::string report;   // the report name, once known
  std::string detail;   // late days, or why it was refused
  int exit_code = kOk;  // of a refusal: 2 for a local problem (file, token), else by status
};

// The drafts of `dir`: *.json, *.yaml and *.yml files, in name order.
std::vector<std::filesystem::path> DraftFiles(const std::string& dir, std::error_code& error) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && (absl::EndsWith(name, ".json") || IsYamlPath(name))) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The request_id of a write of `content` to `report` (same draft, same id).
std::string DerivedRequestId(absl::string_view step, absl::string_view report,
                             absl::string_view version, const v1::ReportContent& content) {
  std::string bytes;
  content.SerializePartialToString(&bytes);
  return absl::StrCat("submit-dir-", step, "-",
                      Sha256Hex(absl::StrCat(report, "\n", version, "\n", bytes)).substr(0, 32));
}

// Reads the token for `org` ("orgs/CODE") by --token_file_pattern, or the default token.
absl::StatusOr<std::string> TokenFor(const std::string& org) {
  const std::string pattern = absl::GetFlag(FLAGS_token_file_pattern);
  if (pattern.empty()) return BearerToken();
  const std::string path =
      absl::StrReplaceAll(pattern, {{"{org}", std::string(absl::StripPrefix(org, "orgs/"))}});
  std::string token = ReadTokenFile(path);
  if (token.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("no token for ", org, ": cannot read ", path));
  }
  return token;
}

// Reads one draft: the ReportContent that `report draft` reads, for the agency the file is named
// after (orgs/<file name up to the first dot>), or a CreateReportRequest (a "content" or "parent"
// key) naming the agency, year and period itself. Year and period default to --year, --period.
absl::StatusOr<v1::CreateReportRequest> ReadDraft(const std::filesystem::path& file) {
  google::protobuf::Struct keys;
  RETURN_IF_ERROR(ReadDraftFile(file.string(), keys));
  v1::CreateReportRequest draft;
  const bool whole_request =
      keys.fields().contains("content") || keys.fields().contains("parent");
  RETURN_IF_ERROR(whole_request ? ReadDraftFile(file.string(), draft)
                                : ReadDraftFile(file.string(), *draft.mutable_content()));
  if (draft.parent().empty()) {
    const std::string stem = file.filename().string();
    draft.set_parent(absl::StrCat("orgs/", stem.substr(0, stem.find('.'))));
  }
  if (draft.year() == 0) draft.set_year(absl::GetFlag(FLAGS_year));
  if (draft.period() == 0) draft.set_period(absl::GetFlag(FLAGS_period));
  return draft;
}

// Creates or updates the report to hold the draft's content and submits it.
DraftResult SubmitDraft(ProgressReports::Stub& stub, const v1::CreateReportRequest& draft) {
  DraftResult result;
  result.report = absl::StrCat(draft.parent(), "/reports/", draft.year(), "-", draft.period());
  const auto refused = [&](const absl::Status& status) {
    result.outcome = Outcome::kRefused;
    result.detail = absl::StrCat(absl::StatusCodeToString(status.code()), ": ", status.message());
    result.exit_code = ExitCodeOf(status);
    return result;
  };
  auto token = TokenFor(draft.parent());
  if (!token.ok()) {
    result.detail = std::string(token.status().message());
    result.exit_code = kUsage;
    return result;
  }

  v1::GetReportRequest get;
  get.set_name(result.report);
  v1::ProgressReport report;
  absl::Status status = CallAs(*token, [&](grpc::ClientContext& c) {
    return stub.GetReport(&c, get, &report);
  }, /*idempotent=*/true);
  if (status.code() == absl::StatusCode::kNotFound) {
    v1::CreateReportRequest create = draft;
    create.set_request_id(DerivedRequestId("create", result.report, "", draft.content()));
    status = CallAs(*token, [&](grpc::ClientContext& c) {
      return stub.CreateReport(&c, create, &report);
    }, /*idempotent=*/true);
  }
  if (!status.ok()) return refused(status);

  const bool same_content =
      google::protobuf::util::MessageDifferencer::Equals(report.content(), draft.content());
  // Submitted or accepted with this content, or returned and not revised yet: nothing to do.
  if (same_content && report.state() != v1::REPORT_STATE_DRAFT) {
    result.outcome = Outcome::kUnchanged;
    result.detail = absl::StrCat(EnumFlagName(v1::ReportState_Name(report.state()),
                                              "REPORT_STATE_"),
                                 ", revision ", report.latest_revision());
    if (report.state() == v1::REPORT_STATE_RETURNED) {
      result.detail += absl::StrCat(", returned: ", report.return_reason());
    }
    return result;
  }
  if (!same_content) {
    v1::UpdateReportRequest update;
    update.set_name(report.name());
    *update.mutable_content() = draft.content();
    update.set_etag(report.etag());
    update.set_request_id(DerivedRequestId("update", report.name(), report.etag(), draft.content()));
    v1::ProgressReport updated;
    status = CallAs(*token, [&](grpc::ClientContext& c) {
      return stub.UpdateReport(&c, update, &updated);
    }, /*idempotent=*/true);
    if (!status.ok()) return refused(status);
    report = std::move(updated);
  }
  v1::SubmitReportRequest submit;
  submit.set_name(report.name());
  submit.set_etag(report.etag());
  submit.set_request_id(DerivedRequestId("submit", report.name(), report.etag(), draft.content()));
  v1::ReportRevision revision;
  status = CallAs(*token, [&](grpc::ClientContext& c) {
    return stub.SubmitReport(&c, submit, &revision);
  }, /*idempotent=*/true);
  if (!status.ok()) return refused(status);
  result.outcome = revision.late() ? Outcome::kLate : Outcome::kOnTime;
  result.detail = absl::StrCat("revision ", revision.revision(), " to ", revision.recipient(),
                               revision.late() ? absl::StrCat(", ", revision.days_late(),
                                                              " days late")
                                               : "");
  return result;
}

// Redraws "[#####-----] 12/84 name" on a terminal.
void DrawProgress(size_t done, size_t total, const std::string& current) {
  constexpr int kWidth = 30;
  const int filled = total == 0 ? kWidth : static_cast<int>(kWidth * done / total);
  std::cerr << "\r\033[K[" << std::string(filled, '#') << std::string(kWidth - filled, '-')
            << "] " << done << "/" << total << " " << current << std::flush;
}

std::string OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kOnTime: return "submitted";
    case Outcome::kLate: return "late";
    case Outcome::kUnchanged: return "unchanged";
    case Outcome::kRefused: return "refused";
  }
  return "";
}

int SubmitDir(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  std::error_code error;
  const std::vector<std::filesystem::path> files = DraftFiles(args[0], error);
  if (error) return UsageError(absl::StrCat("cannot list ", args[0], ": ", error.message()));
  if (files.empty()) return UsageError(absl::StrCat(args[0], " holds no .json or .yaml drafts"));

  auto stub = ProgressReports::NewStub(ChannelTo(Service::kReports));
  const bool progress = !JsonOutput() && isatty(STDERR_FILENO);
  std::vector<std::vector<std::string>> rows;
  std::map<Outcome, int> counts;
  google::protobuf::Struct json;  // the --json answer: {"drafts": [...], "submitted": N, ...}
  auto* drafts = (*json.mutable_fields())["drafts"].mutable_list_value();
  int exit_code = kOk;
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string file = files[i].filename().string();
    if (progress) DrawProgress(i, files.size(), file);
    DraftResult result;
    if (auto draft = ReadDraft(files[i]); draft.ok()) {
      result = SubmitDraft(*stub, *draft);
    } else {
      result.detail = std::string(draft.status().message());
      result.exit_code = kUsage;
    }
    if (exit_code == kOk) exit_code = result.exit_code;
    ++counts[result.outcome];
    auto& item = *drafts->add_values()->mutable_struct_value()->mutable_fields();
    item["file"].set_string_value(file);
    item["report"].set_string_value(result.report);
    item["outcome"].set_string_value(OutcomeName(result.outcome));
    item["detail"].set_string_value(result.detail);
    rows.push_back({file, result.report, OutcomeName(result.outcome), result.detail});
  }
  const int submitted = counts[Outcome::kOnTime] + counts[Outcome::kLate];
  for (const auto& [name, count] :
       std::vector<std::pair<std::string, int>>{{"submitted", submitted},
                                                {"late", counts[Outcome::kLate]},
                                                {"unchanged", counts[Outcome::kUnchanged]},
                                                {"refused", counts[Outcome::kRefused]}}) {
    (*json.mutable_fields())[name].set_number_value(count);
  }
  if (progress) {
    DrawProgress(files.size(), files.size(), "");
    std::cerr << "\n";
  }
  if (JsonOutput()) {
    PrintJson(json);
    return exit_code;
  }
  PrintTable({"FILE", "REPORT", "OUTCOME", "DETAIL"}, rows);
  std::cout << files.size() << " drafts: " << submitted << " submitted (" << counts[Outcome::kLate]
            << " late), " << counts[Outcome::kUnchanged] << " unchanged, "
            << counts[Outcome::kRefused] << " refused\n";
  return exit_code;
}

}  // namespace

Command SubmitDirCommand() {
  return {"report", "submit-dir",
          "Submit every draft in a folder (nightly push); safe to re-run",
          "DIR [--period=1] [--year=2018] [--token_file_pattern=tokens/{org}.token]",
          "svcup report submit-dir drafts/2018-1 --period=1 --token_file=agency.token",
          SubmitDir};
}

}  // namespace svcup::cli
