#include "services/reviews/grpc_reports_client.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/server/call_context.h"
#include "common/status/grpc_status.h"

namespace svcup::reviews {

GrpcReportsClient::GrpcReportsClient(std::shared_ptr<grpc::Channel> channel,
                                     ServiceCredentials& credentials, absl::Duration timeout)
    : stub_(v1::ProgressReports::NewStub(std::move(channel))),
      credentials_(credentials),
      timeout_(timeout) {}

absl::Status GrpcReportsClient::Call(
    const std::function<grpc::Status(grpc::ClientContext&)>& call) {
  absl::Status status;
  for (int attempt = 0; attempt < 3; ++attempt) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(OutgoingDeadline(timeout_)));
    context.AddMetadata("authorization", credentials_.AuthorizationHeader());
    status = FromGrpcStatus(call(context));
    if (status.code() != absl::StatusCode::kUnavailable) break;
    absl::SleepFor(absl::Milliseconds(100 << attempt));
  }
  if (status.code() == absl::StatusCode::kUnavailable ||
      status.code() == absl::StatusCode::kDeadlineExceeded) {
    return absl::UnavailableError(absl::StrCat("the reports service cannot be reached (",
                                               status.message(),
                                               "); nothing was changed, retry shortly"));
  }
  return status;
}

absl::StatusOr<v1::ReportRevision> GrpcReportsClient::GetRevision(const std::string& name) {
  v1::GetReportRevisionRequest request;
  request.set_name(name);
  v1::ReportRevision revision;
  if (auto s = Call(
          [&](grpc::ClientContext& c) { return stub_->GetReportRevision(&c, request, &revision); });
      !s.ok()) {
    return s;
  }
  return revision;
}

absl::StatusOr<v1::ProgressReport> GrpcReportsClient::GetReport(const std::string& name) {
  v1::GetReportRequest request;
  request.set_name(name);
  v1::ProgressReport report;
  if (auto s = Call([&](grpc::ClientContext& c) { return stub_->GetReport(&c, request, &report); });
      !s.ok()) {
    return s;
  }
  return report;
}

absl::StatusOr<std::vector<v1::ReportRevision>> GrpcReportsClient::ListLatestRevisions(
    int year, const std::string& recipient) {
  v1::ListReportsRequest request;
  request.set_year(year);
  request.set_recipient(recipient);
  request.set_with_latest_revisions(true);
  request.set_page_size(100);
  std::vector<v1::ReportRevision> revisions;
  do {
    v1::ListReportsResponse page;
    if (auto s =
            Call([&](grpc::ClientContext& c) { return stub_->ListReports(&c, request, &page); });
        !s.ok()) {
      return s;
    }
    for (auto& r : *page.mutable_latest_revisions()) revisions.push_back(std::move(r));
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return revisions;
}

absl::StatusOr<v1::Completeness> GrpcReportsClient::GetCompleteness(const std::string& recipient,
                                                                    int year, int period,
                                                                    bool whole_tree) {
  v1::GetCompletenessRequest request;
  request.set_recipient(recipient);
  request.set_year(year);
  request.set_period(period);
  request.set_whole_tree(whole_tree);
  // Every agency's line: the first page with the lines of the pages after it.
  v1::Completeness completeness;
  do {
    v1::Completeness page;
    if (auto s = Call(
            [&](grpc::ClientContext& c) { return stub_->GetCompleteness(&c, request, &page); });
        !s.ok()) {
      return s;
    }
    request.set_page_token(page.next_page_token());
    if (completeness.recipient().empty()) {
      completeness = std::move(page);
    } else {
      for (auto& line : *page.mutable_agencies()) *completeness.add_agencies() = std::move(line);
    }
  } while (!request.page_token().empty());
  completeness.clear_next_page_token();
  return completeness;
}

absl::StatusOr<v1::ProgressReport> GrpcReportsClient::Return(
    const v1::ReturnReportRequest& request) {
  v1::ProgressReport report;
  if (auto s =
          Call([&](grpc::ClientContext& c) { return stub_->ReturnReport(&c, request, &report); });
      !s.ok()) {
    return s;
  }
  return report;
}

absl::StatusOr<v1::ProgressReport> GrpcReportsClient::Accept(
    const v1::AcceptReportRequest& request) {
  v1::ProgressReport report;
  if (auto s =
          Call([&](grpc::ClientContext& c) { return stub_->AcceptReport(&c, request, &report); });
      !s.ok()) {
    return s;
  }
  return report;
}

}  // namespace svcup::reviews
