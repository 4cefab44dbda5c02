// svcup review | package | inspection | deficiency | meetings | evaluation | doc | audit reviews:
// the reviews service from the command line.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "svcup/v1/reports.grpc.pb.h"
#include "svcup/v1/reviews.grpc.pb.h"
#include "tools/svcup/commands.h"
#include "tools/svcup/reviews_client.h"

ABSL_DECLARE_FLAG(int, period);
ABSL_DECLARE_FLAG(std::string, reason);
ABSL_DECLARE_FLAG(std::string, reports_to);
ABSL_DECLARE_FLAG(std::string, format);
ABSL_FLAG(std::string, rating, "good", "review: excellent, good, fair or poor");
ABSL_FLAG(std::string, overall, "", "review: the overall opinion (default: a standard sentence)");
ABSL_FLAG(std::string, opinions, "", "review: per-measure opinions, CODE:TEXT;CODE:TEXT");
ABSL_FLAG(std::string, deficiencies, "",
          "review: deficiencies found, TEXT;TEXT; inspection record: TEXT@YYYY-MM-DD;...");
ABSL_FLAG(std::string, guidance, "", "review: improvement guidance");
ABSL_FLAG(std::string, measure_reasons, "", "review return: reasons per measure, CODE:TEXT;...");
ABSL_FLAG(std::string, missing, "", "package forward: agencies left out, orgs/CODE:REASON;...");
ABSL_FLAG(std::string, note, "", "package forward: a note for the ministry");
ABSL_FLAG(std::string, language, "zh-tw", "doc render: zh-tw or en headings");

namespace svcup::cli {
namespace {

// The CreateReview request the review flags make for `revision`: the digest is read from
// reports unless --etag gives it.
absl::StatusOr<v1::CreateReviewRequest> ReviewRequest(const std::string& revision_name,
                                                      v1::ReviewDecision decision) {
  v1::CreateReviewRequest request;
  request.set_revision(revision_name);
  request.set_decision(decision);
  v1::Rating rating;
  if (!ParseEnumFlag(absl::GetFlag(FLAGS_rating), "RATING_", &v1::Rating_Parse, &rating)) {
    return absl::InvalidArgumentError("--rating: excellent, good, fair or poor");
  }
  request.set_rating(rating);
  request.set_overall_opinion(absl::GetFlag(FLAGS_overall).empty() ? "執行情形符合執行計畫"
                                                                   : absl::GetFlag(FLAGS_overall));
  for (const auto& [measure, opinion] : Pairs(absl::GetFlag(FLAGS_opinions), ':')) {
    auto* o = request.add_measure_opinions();
    o->set_measure_code(measure);
    o->set_opinion(opinion);
  }
  for (const auto& [text, unused] : Pairs(absl::GetFlag(FLAGS_deficiencies), '\x01')) {
    request.add_deficiencies(text);
  }
  request.set_improvement_guidance(absl::GetFlag(FLAGS_guidance));
  if (decision == v1::REVIEW_DECISION_RETURN) {
    request.set_return_reason(absl::GetFlag(FLAGS_reason));
    for (const auto& [measure, reason] : Pairs(absl::GetFlag(FLAGS_measure_reasons), ':')) {
      v1::ReturnReason* r = request.add_return_measure_reasons();
      r->set_measure_code(measure);
      r->set_reason(reason);
    }
  }
  request.set_content_digest(absl::GetFlag(FLAGS_etag));
  if (request.content_digest().empty()) {
    v1::GetReportRevisionRequest get;
    get.set_name(revision_name);
    v1::ReportRevision revision;
    auto stub = v1::ProgressReports::NewStub(ChannelTo(Service::kReports));
    RETURN_IF_ERROR(
        Call([&](grpc::ClientContext& c) { return stub->GetReportRevision(&c, get, &revision); }));
    request.set_content_digest(revision.content_digest());
  }
  request.set_request_id(RequestId());
  return request;
}

// review accept|return REVISION...: one revision with CreateReview, several in one
// BatchCreateReviews call (each reported; the exit code is the first failure's).
int Decide(const std::vector<std::string>& args, v1::ReviewDecision decision) {
  if (args.empty()) return UsageError("expected at least one revision");
  if (args.size() > 1 && !absl::GetFlag(FLAGS_etag).empty()) {
    return UsageError("--etag names the digest of one revision; omit it for several");
  }
  v1::BatchCreateReviewsRequest batch;
  for (const std::string& revision : args) {
    absl::StatusOr<v1::CreateReviewRequest> request = ReviewRequest(revision, decision);
    if (!request.ok()) {
      return request.status().code() == absl::StatusCode::kInvalidArgument
                 ? UsageError(request.status().message())
                 : ExitCodeOf(request.status());
    }
    if (args.size() > 1)
      request->set_request_id(absl::StrCat(RequestId(), "-", batch.requests_size()));
    *batch.add_requests() = std::move(*request);
  }
  const char* verb = decision == v1::REVIEW_DECISION_ACCEPT ? "accepted " : "returned ";
  if (args.size() == 1) {
    v1::Review review;
    auto status = Call([&](grpc::ClientContext& c) {
      return ReviewsStub()->CreateReview(&c, batch.requests(0), &review);
    });
    if (!status.ok()) return ExitCodeOf(status);
    return PrintOr(review,
                   absl::StrCat(verb, review.revision(), " (",
                                EnumFlagName(v1::Rating_Name(review.rating()), "RATING_"), ")"));
  }
  v1::BatchCreateReviewsResponse response;
  auto status = Call([&](grpc::ClientContext& c) {
    return ReviewsStub()->BatchCreateReviews(&c, batch, &response);
  });
  if (!status.ok()) return ExitCodeOf(status);
  int exit_code = kOk;
  std::string lines;
  for (const v1::BatchReviewResult& result : response.results()) {
    if (result.code() == 0) {
      absl::StrAppend(&lines, verb, result.revision(), "\n");
      continue;
    }
    const absl::Status failed(static_cast<absl::StatusCode>(result.code()), result.message());
    absl::StrAppend(&lines, "refused ", result.revision(), ": ", failed.ToString(), "\n");
    if (exit_code == kOk) exit_code = ExitCodeOf(failed);
  }
  absl::StrAppend(&lines, response.succeeded(), " reviewed, ", response.failed(), " refused");
  PrintOr(response, lines);
  return exit_code;
}

int ReviewShow(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::GetReviewRequest request;
  request.set_name(args[0]);
  v1::Review review;
  auto status =
      Call([&](grpc::ClientContext& c) { return ReviewsStub()->GetReview(&c, request, &review); });
  if (!status.ok()) return ExitCodeOf(status);
  return PrintOr(review,
                 absl::StrCat(review.name(), "  ", v1::ReviewDecision_Name(review.decision()), "  ",
                              v1::Rating_Name(review.rating()), "\n", review.overall_opinion()));
}

std::string PackageLine(const v1::ForwardingPackage& p) {
  return absl::StrCat(p.name(), "  ",
                      EnumFlagName(v1::PackageState_Name(p.state()), "PACKAGE_STATE_"), "  ",
                      p.entries_size(), " reports, ", p.missing_size(), " missing",
                      p.late() ? absl::StrCat(", ", p.days_late(), " days late") : "");
}

// Prints a package: its line, then each agency's entry or the reason it is missing.
int PrintPackage(const v1::ForwardingPackage& package) {
  if (JsonOutput()) {
    PrintJson(package);
    return kOk;
  }
  std::cout << PackageLine(package) << "\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : package.entries()) {
    rows.push_back({e.organisation(), e.revision(),
                    EnumFlagName(v1::Rating_Name(e.rating()), "RATING_"),
                    e.late() ? absl::StrCat(e.days_late(), " days late") : "on time"});
  }
  for (const auto& m : package.missing()) {
    rows.push_back({m.organisation(), "missing", "", m.reason()});
  }
  PrintTable({"AGENCY", "REVISION", "RATING", "NOTE"}, rows);
  return kOk;
}

int PackageForward(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::ForwardPackageRequest request;
  request.set_supervisor(args[0]);
  request.set_year(absl::GetFlag(FLAGS_year));
  request.set_period(absl::GetFlag(FLAGS_period));
  request.set_note(absl::GetFlag(FLAGS_note));
  for (const auto& [org, reason] : Pairs(absl::GetFlag(FLAGS_missing), ':')) {
    auto* m = request.add_missing();
    m->set_organisation(org);
    m->set_reason(reason);
  }
  request.set_request_id(RequestId());
  v1::ForwardingPackage package;
  auto status = Call(
      [&](grpc::ClientContext& c) { return ReviewsStub()->ForwardPackage(&c, request, &package); });
  if (!status.ok()) return ExitCodeOf(status);
  return PrintOr(package, absl::StrCat("forwarded ", PackageLine(package)));
}

// package ack|return NAME: the etag is read now unless --etag gives it.
int PackageDecide(const std::vector<std::string>& args, bool acknowledge) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  auto stub = ReviewsStub();
  std::string etag = absl::GetFlag(FLAGS_etag);
  if (etag.empty()) {
    v1::GetPackageRequest get;
    get.set_name(args[0]);
    v1::ForwardingPackage current;
    auto status = Call([&](grpc::ClientContext& c) { return stub->GetPackage(&c, get, &current); });
    if (!status.ok()) return ExitCodeOf(status);
    etag = current.etag();
  }
  v1::ForwardingPackage package;
  absl::Status status;
  if (acknowledge) {
    v1::AcknowledgePackageRequest request;
    request.set_name(args[0]);
    request.set_etag(etag);
    request.set_request_id(RequestId());
    status = Call(
        [&](grpc::ClientContext& c) { return stub->AcknowledgePackage(&c, request, &package); });
  } else {
    v1::ReturnPackageRequest request;
    request.set_name(args[0]);
    request.set_reason(absl::GetFlag(FLAGS_reason));
    request.set_etag(etag);
    request.set_request_id(RequestId());
    status =
        Call([&](grpc::ClientContext& c) { return stub->ReturnPackage(&c, request, &package); });
  }
  if (!status.ok()) return ExitCodeOf(status);
  return PrintPackage(package);
}

int PackageShow(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::GetPackageRequest request;
  request.set_name(args[0]);
  v1::ForwardingPackage package;
  auto status = Call(
      [&](grpc::ClientContext& c) { return ReviewsStub()->GetPackage(&c, request, &package); });
  if (!status.ok()) return ExitCodeOf(status);
  return PrintPackage(package);
}

int Inbox(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  v1::GetMinistryInboxRequest request;
  request.set_year(absl::GetFlag(FLAGS_year));
  request.set_period(absl::GetFlag(FLAGS_period));
  return CallAndPrint<v1::MinistryInbox>(
      [&](grpc::ClientContext& c, v1::MinistryInbox* response) {
        return ReviewsStub()->GetMinistryInbox(&c, request, response);
      },
      [&](const v1::MinistryInbox& inbox) {
        for (const auto& p : inbox.packages()) std::cout << PackageLine(p) << "\n";
        for (const auto& r : inbox.direct_reports()) {
          std::cout << r.name() << "  direct report"
                    << (r.late() ? absl::StrCat(", ", r.days_late(), " days late") : "") << "\n";
        }
        const v1::Completeness& c = inbox.completeness();
        std::cout << "whole tree " << c.year() << "-" << c.period() << ": " << c.on_time()
                  << " on time, " << c.late() << " late, " << c.missing() << " missing, "
                  << c.pending() << " not yet due, of " << c.total() << "\n";
      });
}

int Meetings(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  v1::ListTaskForceMeetingCountsRequest request;
  request.set_year(absl::GetFlag(FLAGS_year));
  request.set_reports_to(absl::GetFlag(FLAGS_reports_to));
  return CallAndPrint<v1::ListTaskForceMeetingCountsResponse>(
      [&](grpc::ClientContext& c, v1::ListTaskForceMeetingCountsResponse* response) {
        return ReviewsStub()->ListTaskForceMeetingCounts(&c, request, response);
      },
      [&](const v1::ListTaskForceMeetingCountsResponse& response) {
        int none = 0;
        std::vector<std::vector<std::string>> rows;
        for (const auto& c : response.counts()) {
          if (c.meetings() == 0) ++none;
          rows.push_back({c.organisation(), absl::StrCat(c.meetings())});
        }
        PrintTable({"AGENCY", "MEETINGS"}, rows);
        std::cout << none << " of " << response.counts_size() << " agencies reported no meeting\n";
      });
}

int Render(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::RenderDocumentRequest request;
  request.set_name(args[0]);
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format == "html") {
    request.set_format(v1::EXPORT_FORMAT_HTML);
  } else if (format == "csv") {
    request.set_format(v1::EXPORT_FORMAT_CSV);
  } else {
    return UsageError("--format: html or csv");
  }
  request.set_language(absl::GetFlag(FLAGS_language) == "en" ? v1::LANGUAGE_EN
                                                             : v1::LANGUAGE_ZH_TW);
  v1::Document document;
  auto status = Call([&](grpc::ClientContext& c) {
    return ReviewsStub()->RenderDocument(&c, request, &document);
  });
  if (!status.ok()) return ExitCodeOf(status);
  return WriteDocument(document.content(), document.content_type());
}

int AuditReviews(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  return ListAuditRecords(*ReviewsStub());
}

}  // namespace

std::vector<Command> ReviewsCommands() {
  std::vector<Command> commands = {
      {"review", "accept",
       "Review submitted revisions and accept them (Attachment 2); several go in one batch",
       "REVISION... [--rating=good] [--overall=TEXT] [--opinions=2.3:TEXT;...] "
       "[--deficiencies=TEXT;...] [--guidance=TEXT]",
       "svcup review accept orgs/dpo-taipei/reports/2018-1/revisions/1 --rating=excellent",
       [](const auto& a) { return Decide(a, v1::REVIEW_DECISION_ACCEPT); }},
      {"review", "return", "Review a submitted revision and return it for revision",
       "REVISION... [--reason=TEXT] [--measure_reasons=CODE:TEXT;...] [review flags as for accept]",
       "svcup review return orgs/dpo-taipei/reports/2018-1/revisions/1 --reason='請補充調查方法'",
       [](const auto& a) { return Decide(a, v1::REVIEW_DECISION_RETURN); }},
      {"review", "show", "Show a review", "REVISION/review",
       "svcup review show orgs/dpo-taipei/reports/2018-1/revisions/1/review", ReviewShow},
      {"package", "forward", "Forward a supervisor's reviewed results of a period to the ministry",
       "orgs/SUPERVISOR --period=1 [--missing=orgs/CODE:REASON;...] [--note=TEXT]",
       "svcup package forward orgs/corrections --period=1", PackageForward},
      {"package", "ack", "Acknowledge a forwarded package (ministry)", "PACKAGE_VERSION",
       "svcup package ack orgs/corrections/packages/2018-1/versions/1",
       [](const auto& a) { return PackageDecide(a, true); }},
      {"package", "return", "Send a package back with a reason (ministry)",
       "PACKAGE_VERSION --reason=TEXT",
       "svcup package return orgs/corrections/packages/2018-1/versions/1 --reason='請補正'",
       [](const auto& a) { return PackageDecide(a, false); }},
      {"package", "show", "Show a package (the latest version, or one)",
       "orgs/CODE/packages/YEAR-PERIOD[/versions/N]",
       "svcup package show orgs/corrections/packages/2018-1", PackageShow},
      {"package", "inbox", "The ministry's inbox: packages, direct reports, completeness",
       "[--period=1] [--year=2018]", "svcup package inbox --period=2", Inbox},
  };
  for (Command& c : InspectionCommands()) commands.push_back(std::move(c));
  for (Command& c : EvaluationCommands()) commands.push_back(std::move(c));
  for (Command& c : ReminderCommands()) commands.push_back(std::move(c));
  std::vector<Command> rest = {
      {"meetings", "count", "Task-force meetings reported per agency in a year",
       "[--year=2018] [--reports_to=orgs/CODE]",
       "svcup meetings count --reports_to=orgs/enforcement", Meetings},
      {"doc", "render", "Render a revision, review or package as printable HTML or CSV",
       "NAME [--format=html|csv] [--language=zh-tw|en] [--out=FILE]",
       "svcup doc render orgs/dpo-taipei/reports/2018-1/revisions/1/review --format=html "
       "--out=review.html",
       Render},
      {"audit", "reviews", "List the reviews service's audit trail (ministry, operators)",
       "[--target_prefix=PREFIX]", "svcup audit reviews", AuditReviews},
  };
  for (Command& c : rest) commands.push_back(std::move(c));
  return commands;
}

}  // namespace svcup::cli
