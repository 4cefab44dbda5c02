#include "services/reports/reports.h"

#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/names.h"
#include "common/api/page_budget.h"
#include "common/api/paging.h"
#include "common/api/return_reasons.h"
#include "common/api/validation.h"
#include "common/auth/policy.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "common/storage/idempotency.h"
#include "services/reports/report_rules.h"
#include "services/reports/report_scope.h"
#include "services/reports/revision_history.h"

namespace svcup::reports {
namespace {

absl::string_view StateName(v1::ReportState state) {
  switch (state) {
    case v1::REPORT_STATE_DRAFT:
      return "DRAFT";
    case v1::REPORT_STATE_SUBMITTED:
      return "SUBMITTED";
    case v1::REPORT_STATE_RETURNED:
      return "RETURNED";
    case v1::REPORT_STATE_ACCEPTED:
      return "ACCEPTED";
    default:
      return "UNSPECIFIED";
  }
}

absl::Status NoSuchReport(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " does not exist"));
}

// The agency may change the working content only while it holds the report.
absl::Status CheckEditable(const v1::ProgressReport& report) {
  switch (report.state()) {
    case v1::REPORT_STATE_DRAFT:
    case v1::REPORT_STATE_RETURNED:
      return absl::OkStatus();
    case v1::REPORT_STATE_SUBMITTED:
      return absl::FailedPreconditionError(
          absl::StrCat(report.name(), " revision ", report.latest_revision(),
                       " is awaiting review; it can change again only if the reviewer returns it"));
    default:
      return absl::FailedPreconditionError(
          absl::StrCat(report.name(), " was accepted and is closed for the period"));
  }
}

}  // namespace

absl::StatusOr<v1::ProgressReport> Reports::CreateReport(const v1::Principal& caller,
                                                         const v1::CreateReportRequest& request) {
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("parent", request.parent()));
  const ReportName name{code, request.year(), request.period()};
  ASSIGN_OR_RETURN(auto scope, OpenScope(plans_, "parent", code, caller, Action::kEditOwn,
                                         absl::StrCat("create ", name.ToString())));
  if (!scope.directory->IsReportingAgency(code)) {
    return absl::FailedPreconditionError(
        absl::StrCat(request.parent(),
                     " has organisations reporting to it: it reviews and forwards their "
                     "reports rather than reporting itself"));
  }
  ASSIGN_OR_RETURN(auto period, OpenPeriod(plans_, request.year(), request.period()));
  RETURN_IF_ERROR(
      CheckOwesPeriod(scope.directory->View(code, TaipeiDate(clock_.Now())), period.period));
  RETURN_IF_ERROR(ValidateReportContent(request.content(), period.plan->content(), period.period));
  RETURN_IF_ERROR(CheckRequestId(request.request_id()));
  ASSIGN_OR_RETURN(auto route, scope.directory->Route(code));
  return storage::WriteOnce<v1::ProgressReport>(
      store_, clock_.Now(), caller, "CreateReport", request, request.request_id(),
      [&](ReportTransaction& tx) -> absl::StatusOr<v1::ProgressReport> {
        ASSIGN_OR_RETURN(auto existing, tx.GetReport(code, request.year(), request.period()));
        if (existing.has_value()) {
          return absl::AlreadyExistsError(absl::StrCat(name.ToString(), " already exists (",
                                                       StateName(existing->state()),
                                                       "); update it instead"));
        }
        const absl::Time now = clock_.Now();
        v1::ProgressReport report;
        report.set_name(name.ToString());
        report.set_organisation(request.parent());
        report.set_year(request.year());
        report.set_period(request.period());
        report.set_state(v1::REPORT_STATE_DRAFT);
        if (request.content().ByteSizeLong() == 0) {
          ASSIGN_OR_RETURN(*report.mutable_content(), CarriedForward(tx, name));
        } else {
          *report.mutable_content() = request.content();
        }
        // Fields this version does not know are not kept: the digest covers what is stored.
        report.mutable_content()->DiscardUnknownFields();
        report.set_recipient(route.recipient());
        *report.mutable_due_date() = DateToProto(DueDate(period.period, route.direct_to_top()));
        *report.mutable_create_time() = ToTimestamp(now);
        *report.mutable_update_time() = ToTimestamp(now);
        report.set_etag(ComputeEtag(report));
        RETURN_IF_ERROR(tx.InsertReport(report));
        RETURN_IF_ERROR(storage::Audit(tx, caller, "CreateReport", report.name(),
                                       request.request_id(), "DRAFT created", now));
        return report;
      });
}

absl::StatusOr<v1::ProgressReport> Reports::UpdateReport(const v1::Principal& caller,
                                                         const v1::UpdateReportRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParseReportName("name", request.name()));
  ASSIGN_OR_RETURN(auto scope,
                   OpenScope(plans_, "name", name.organisation, caller, Action::kEditOwn,
                             absl::StrCat("update ", request.name())));
  ASSIGN_OR_RETURN(auto period, OpenPeriod(plans_, name.year, name.period));
  RETURN_IF_ERROR(ValidateReportContent(request.content(), period.plan->content(), period.period));
  RETURN_IF_ERROR(CheckEtagPresent(request.etag()));
  RETURN_IF_ERROR(CheckRequestId(request.request_id()));
  return storage::WriteOnce<v1::ProgressReport>(
      store_, clock_.Now(), caller, "UpdateReport", request, request.request_id(),
      [&](ReportTransaction& tx) -> absl::StatusOr<v1::ProgressReport> {
        ASSIGN_OR_RETURN(auto found, tx.GetReport(name.organisation, name.year, name.period));
        if (!found.has_value()) return NoSuchReport(request.name());
        v1::ProgressReport report = std::move(*found);
        RETURN_IF_ERROR(CheckEtag(request.etag(), report.etag(), report.name()));
        RETURN_IF_ERROR(CheckEditable(report));
        const absl::Time now = clock_.Now();
        *report.mutable_content() = request.content();
        // Fields this version does not know are not kept: the digest covers what is stored.
        report.mutable_content()->DiscardUnknownFields();
        *report.mutable_update_time() = ToTimestamp(now);
        report.set_etag(ComputeEtag(report));
        RETURN_IF_ERROR(tx.PutReport(report));
        RETURN_IF_ERROR(storage::Audit(tx, caller, "UpdateReport", report.name(),
                                       request.request_id(), "content replaced", now));
        return report;
      });
}

absl::StatusOr<v1::ReportRevision> Reports::SubmitReport(const v1::Principal& caller,
                                                         const v1::SubmitReportRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParseReportName("name", request.name()));
  ASSIGN_OR_RETURN(auto scope,
                   OpenScope(plans_, "name", name.organisation, caller, Action::kEditOwn,
                             absl::StrCat("submit ", request.name())));
  RETURN_IF_ERROR(CheckEtagPresent(request.etag()));
  RETURN_IF_ERROR(CheckRequestId(request.request_id()));
  ASSIGN_OR_RETURN(auto period, OpenPeriod(plans_, name.year, name.period));
  // Routed by the hierarchy the call was authorised against (as CreateReport routes).
  ASSIGN_OR_RETURN(const v1::ReportingRoute route, scope.directory->Route(name.organisation));
  absl::StatusOr<v1::ReportRevision> revision = storage::WriteOnce<v1::ReportRevision>(
      store_, clock_.Now(), caller, "SubmitReport", request, request.request_id(),
      [&](ReportTransaction& tx) -> absl::StatusOr<v1::ReportRevision> {
        ASSIGN_OR_RETURN(auto found, tx.GetReport(name.organisation, name.year, name.period));
        if (!found.has_value()) return NoSuchReport(request.name());
        v1::ProgressReport report = std::move(*found);
        RETURN_IF_ERROR(CheckEtag(request.etag(), report.etag(), report.name()));
        RETURN_IF_ERROR(CheckEditable(report));
        // The plan may have been amended since the draft was written: check again.
        RETURN_IF_ERROR(
            ValidateReportContent(report.content(), period.plan->content(), period.period));
        RETURN_IF_ERROR(CheckReadyToSubmit(report.content()));
        RETURN_IF_ERROR(CheckReasonsAnswered(report));
        ASSIGN_OR_RETURN(const PeriodBefore period_before, ReadPeriodBefore(tx, name));
        if (period_before.latest.has_value()) {
          RETURN_IF_ERROR(CheckCumulativeFigures(report.content(), *period_before.latest,
                                                 period.plan->content()));
        }

        const absl::Time now = clock_.Now();
        const v1::ReportState before = report.state();
        Submission submission = BuildSubmission(std::move(report), route, period.period,
                                                period.plan->version(), caller, now);
        RETURN_IF_ERROR(AttachChanges(tx, name, before, period_before, submission.revision));
        const v1::ReportRevision& revision = submission.revision;
        RETURN_IF_ERROR(tx.InsertRevision(name.organisation, name.year, name.period, revision));
        RETURN_IF_ERROR(tx.PutReport(submission.report));
        if (auto s = tx.AppendEvent(submission.event); !s.ok()) return s.status();
        RETURN_IF_ERROR(storage::Audit(
            tx, caller, "SubmitReport", revision.name(), request.request_id(),
            absl::StrCat(
                StateName(before), " -> SUBMITTED to ", route.recipient(),
                revision.late() ? absl::StrCat(", ", revision.days_late(), " days late") : "",
                ", content ", revision.content_digest()),
            now));
        return revision;
      });
  if (revision.ok()) events_.Notify();
  return revision;
}

absl::StatusOr<v1::ProgressReport> Reports::ReturnReport(const v1::Principal& caller,
                                                         const v1::ReturnReportRequest& request) {
  RETURN_IF_ERROR(CheckText("reason", request.reason(), 0, 2000));
  RETURN_IF_ERROR(CheckCount("measure_reasons", request.measure_reasons_size(), 99));
  return Decide(caller, {"ReturnReport", request, request.revision(), request.reviewer(),
                         request.review(), request.request_id(), v1::REPORT_STATE_RETURNED,
                         request.reason(), request.measure_reasons()});
}

absl::StatusOr<v1::ProgressReport> Reports::AcceptReport(const v1::Principal& caller,
                                                         const v1::AcceptReportRequest& request) {
  static const std::string kNoReason;
  static const google::protobuf::RepeatedPtrField<v1::ReturnReason> kNoReasons;
  return Decide(caller,
                {"AcceptReport", request, request.revision(), request.reviewer(), request.review(),
                 request.request_id(), v1::REPORT_STATE_ACCEPTED, kNoReason, kNoReasons});
}

absl::StatusOr<v1::ProgressReport> Reports::Decide(const v1::Principal& caller,
                                                   const Decision& decision) {
  ASSIGN_OR_RETURN(auto parsed, ParseRevisionName("revision", decision.revision));
  // Named variables, not a structured binding: lambdas below capture them.
  const ReportName& name = parsed.first;
  const int number = parsed.second;
  const std::string verb = decision.new_state == v1::REPORT_STATE_RETURNED ? "return" : "accept";
  ASSIGN_OR_RETURN(auto scope,
                   OpenScope(plans_, "revision", name.organisation, caller, Action::kServiceOnly,
                             absl::StrCat(verb, " ", decision.revision)));
  if (CallerCode(caller) != kReviewsServiceCode) {
    return absl::PermissionDeniedError(absl::StrCat(
        caller.organisation(), " may not ", verb, " ", decision.revision,
        ": only the reviews service (orgs/", kReviewsServiceCode, ") returns or accepts reports"));
  }
  // The service acts for a reviewer, who must be allowed to supervise the agency.
  if (auto s = Authorize(decision.reviewer, Action::kSupervise, name.organisation,
                         scope.directory->tree(), absl::StrCat(verb, " ", decision.revision));
      !s.ok()) {
    return absl::PermissionDeniedError(absl::StrCat("reviewer: ", s.message()));
  }
  RETURN_IF_ERROR(CheckRequestId(decision.request_id));
  absl::StatusOr<v1::ProgressReport> report = storage::WriteOnce<v1::ProgressReport>(
      store_, clock_.Now(), caller, decision.method, decision.request, decision.request_id,
      [&](ReportTransaction& tx) -> absl::StatusOr<v1::ProgressReport> {
        ASSIGN_OR_RETURN(auto found, tx.GetReport(name.organisation, name.year, name.period));
        if (!found.has_value()) return NoSuchReport(name.ToString());
        v1::ProgressReport report = std::move(*found);
        if (number > report.latest_revision()) return NoSuchReport(decision.revision);
        if (number < report.latest_revision()) {
          return absl::FailedPreconditionError(absl::StrCat(
              decision.revision, " is superseded by revision ", report.latest_revision()));
        }
        if (report.state() != v1::REPORT_STATE_SUBMITTED) {
          return absl::FailedPreconditionError(
              absl::StrCat(decision.revision, " is not awaiting review (the report is ",
                           StateName(report.state()), ")"));
        }
        std::vector<v1::ReturnReason> reasons;
        if (decision.new_state == v1::REPORT_STATE_RETURNED) {
          RETURN_IF_ERROR(CheckReturnReasons("reason", decision.reason, "measure_reasons",
                                             decision.measure_reasons, report.content()));
          reasons = AllReturnReasons(decision.reason, decision.measure_reasons);
        }
        const absl::Time now = clock_.Now();
        report.set_state(decision.new_state);
        *report.mutable_decided_by() = decision.reviewer;
        report.set_return_reason(decision.reason);
        report.mutable_return_reasons()->Assign(reasons.begin(), reasons.end());
        *report.mutable_update_time() = ToTimestamp(now);
        report.set_etag(ComputeEtag(report));
        RETURN_IF_ERROR(tx.PutReport(report));
        v1::ReportEvent event;
        *event.mutable_time() = ToTimestamp(now);
        event.set_type(decision.new_state == v1::REPORT_STATE_RETURNED
                           ? v1::REPORT_EVENT_TYPE_RETURNED
                           : v1::REPORT_EVENT_TYPE_ACCEPTED);
        event.set_report(report.name());
        event.set_revision(number);
        event.set_organisation(report.organisation());
        event.set_recipient(report.recipient());
        event.set_reason(JoinReturnReasons(reasons));
        if (auto s = tx.AppendEvent(event); !s.ok()) return s.status();
        RETURN_IF_ERROR(storage::Audit(
            tx, decision.reviewer, decision.method, decision.revision, decision.request_id,
            absl::StrCat("SUBMITTED -> ", StateName(decision.new_state), " via ", caller.subject(),
                         decision.review.empty() ? "" : " by ", decision.review),
            now));
        return report;
      });
  if (report.ok()) events_.Notify();
  return report;
}

absl::StatusOr<v1::ProgressReport> Reports::GetReport(const v1::Principal& caller,
                                                      const v1::GetReportRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParseReportName("name", request.name()));
  ASSIGN_OR_RETURN(auto scope,
                   OpenScope(plans_, "name", name.organisation, caller, Action::kReadRestricted,
                             absl::StrCat("read ", request.name())));
  std::optional<v1::ProgressReport> report;
  if (auto s = store_.Read([&](ReportTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto found, tx.GetReport(name.organisation, name.year, name.period));
        report = std::move(found);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  if (!report.has_value()) return NoSuchReport(request.name());
  return std::move(*report);
}

absl::StatusOr<v1::ListReportsResponse> Reports::ListReports(
    const v1::Principal& caller, const v1::ListReportsRequest& request) {
  RETURN_IF_ERROR(CheckYear("year", request.year()));
  RETURN_IF_ERROR(CheckPeriod("period", request.period(), /*zero_means_all=*/true));
  if (!v1::ReportState_IsValid(request.state())) {
    return absl::InvalidArgumentError("state: not a ReportState value");
  }
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  ReportQuery query;
  query.year = request.year();
  query.period = request.period();
  query.state = request.state();
  if (!request.recipient().empty()) {
    ASSIGN_OR_RETURN(auto code, ParseOrganisationName("recipient", request.recipient()));
    if (!directory->Contains(code)) {
      return absl::NotFoundError(
          absl::StrCat("recipient: organisation ", request.recipient(), " does not exist"));
    }
    query.recipient = code;
  }
  if (auto s = Authorize(caller, Action::kReadRestricted, CallerCode(caller), directory->tree(),
                         "list reports");
      !s.ok() && caller.role() != v1::ROLE_SERVICE) {
    return s;
  }
  query.see_all = SeesEverything(caller, *directory);
  query.visible_organisation = std::string(CallerCode(caller));
  const std::string filters = absl::StrCat(request.year(), "|", request.period(), "|",
                                           query.recipient, "|", request.state());
  ASSIGN_OR_RETURN(auto page, ParsePageRequest(request.page_size(), request.page_token(), filters));
  if (request.with_latest_revisions()) page.limit = std::min(page.limit, 100);
  query.after_key = page.after_key;
  query.limit = page.limit + 1;
  v1::ListReportsResponse response;
  if (auto s = store_.Read([&](ReportTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto reports, tx.ListReports(query));
        PageBudget budget(page.limit);
        for (v1::ProgressReport& r : reports) {
          std::optional<v1::ReportRevision> revision;
          if (request.with_latest_revisions() && r.latest_revision() > 0) {
            ASSIGN_OR_RETURN(revision,
                             tx.GetRevision(std::string(OrganisationCodeOf(r.organisation())),
                                            r.year(), r.period(), r.latest_revision()));
          }
          if (!budget.Admit(r.ByteSizeLong() + (revision ? revision->ByteSizeLong() : 0))) {
            const v1::ProgressReport& last = *response.reports().rbegin();
            response.set_next_page_token(MakePageToken(
                absl::StrCat(OrganisationCodeOf(last.organisation()), "|", last.period()),
                filters));
            break;
          }
          if (revision.has_value()) *response.add_latest_revisions() = std::move(*revision);
          *response.add_reports() = std::move(r);
        }
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return response;
}

absl::StatusOr<v1::ReportRevision> Reports::GetReportRevision(
    const v1::Principal& caller, const v1::GetReportRevisionRequest& request) {
  ASSIGN_OR_RETURN(auto parsed, ParseRevisionName("name", request.name()));
  // Named variables, not a structured binding: lambdas below capture them.
  const ReportName& name = parsed.first;
  const int number = parsed.second;
  ASSIGN_OR_RETURN(auto scope,
                   OpenScope(plans_, "name", name.organisation, caller, Action::kReadRestricted,
                             absl::StrCat("read ", request.name())));
  std::optional<v1::ReportRevision> revision;
  if (auto s = store_.Read([&](ReportTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto found,
                         tx.GetRevision(name.organisation, name.year, name.period, number));
        revision = std::move(found);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  if (!revision.has_value()) return NoSuchReport(request.name());
  return std::move(*revision);
}

absl::StatusOr<v1::ListReportRevisionsResponse> Reports::ListReportRevisions(
    const v1::Principal& caller, const v1::ListReportRevisionsRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParseReportName("parent", request.parent()));
  ASSIGN_OR_RETURN(auto scope,
                   OpenScope(plans_, "parent", name.organisation, caller, Action::kReadRestricted,
                             absl::StrCat("read ", request.parent())));
  ASSIGN_OR_RETURN(auto page,
                   ParsePageRequest(request.page_size(), request.page_token(), request.parent()));
  int after = 0;
  if (!page.after_key.empty() && !absl::SimpleAtoi(page.after_key, &after)) {
    return absl::InvalidArgumentError("page_token: is not a token of this list");
  }
  v1::ListReportRevisionsResponse response;
  bool exists = false;
  if (auto s = store_.Read([&](ReportTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto report, tx.GetReport(name.organisation, name.year, name.period));
        exists = report.has_value();
        ASSIGN_OR_RETURN(auto revisions, tx.ListRevisions(name.organisation, name.year, name.period,
                                                          after, page.limit + 1));
        PageBudget budget(page.limit);
        for (v1::ReportRevision& r : revisions) {
          if (!budget.Admit(r.ByteSizeLong())) {
            response.set_next_page_token(MakePageToken(
                absl::StrCat(response.revisions().rbegin()->revision()), request.parent()));
            break;
          }
          *response.add_revisions() = std::move(r);
        }
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  if (!exists) return NoSuchReport(request.parent());
  return response;
}

}  // namespace svcup::reports
