#include "services/reviews/reviews.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/api/names.h"
#include "common/api/page_budget.h"
#include "common/api/paging.h"
#include "common/api/validation.h"
#include "common/auth/crypto.h"
#include "common/auth/policy.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "common/storage/idempotency.h"
#include "services/reviews/review_rules.h"

namespace svcup::reviews {
namespace {

// The request_id of the decision sent to reports: derived from the reviewer's organisation and
// request_id, so a retried review sends the same decision (which reports replays).
std::string DecisionRequestId(const v1::Principal& caller, absl::string_view request_id) {
  return absl::StrCat("review-",
                      Sha256Hex(absl::StrCat(caller.organisation(), "|", request_id)).substr(0, 40));
}

}  // namespace

absl::StatusOr<v1::Review> Reviews::CreateReview(const v1::Principal& caller,
                                                 const v1::CreateReviewRequest& request) {
  ASSIGN_OR_RETURN(auto parsed, ParseRevisionName("revision", request.revision()));
  // Named variables, not a structured binding: lambdas below capture them.
  const ReportName& name = parsed.first;
  const int number = parsed.second;
  ASSIGN_OR_RETURN(auto directory,
                   AuthorizeOn(plans_, "revision", name.organisation, caller, Action::kSupervise,
                               absl::StrCat("review ", request.revision())));
  // The review is made by the report's recipient: the agency's supervisor, or the ministry for
  // agencies that report to it directly.
  const std::string& recipient = directory->tree().Parent(name.organisation);
  if (CallerCode(caller) != recipient) {
    return absl::PermissionDeniedError(absl::StrCat(
        caller.organisation(), " may not review ", request.revision(),
        ": reviews of orgs/", name.organisation, " are made by its recipient orgs/", recipient));
  }
  RETURN_IF_ERROR(CheckRequestId(request.request_id()));

  const bool retry = storage::AlreadyAnswered(store_, caller, request.request_id());
  v1::ReportRevision revision;
  if (!retry) {
    ASSIGN_OR_RETURN(auto fetched, reports_.GetRevision(request.revision()));
    revision = std::move(fetched);
    RETURN_IF_ERROR(ValidateReview(request, revision.content()));
    if (request.content_digest() != revision.content_digest()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "content_digest: ", Quote(request.content_digest()), " is not the digest of ",
          request.revision(), " (", revision.content_digest(),
          "); read the revision again before reviewing it"));
    }
    ASSIGN_OR_RETURN(auto report, reports_.GetReport(name.ToString()));
    if (report.latest_revision() != number) {
      return absl::FailedPreconditionError(
          absl::StrCat(request.revision(), " is superseded by revision ", report.latest_revision(),
                       "; review the latest revision"));
    }
    bool reviewed = false;
    if (auto s = store_.Read([&](ReviewTransaction& tx) -> absl::Status {
          ASSIGN_OR_RETURN(auto existing,
                           tx.GetReview(name.organisation, name.year, name.period, number));
          reviewed = existing.has_value();
          return absl::OkStatus();
        });
        !s.ok()) {
      return s;
    }
    if (reviewed) {
      return absl::AlreadyExistsError(
          absl::StrCat(request.revision(), " was reviewed already"));
    }
    // Awaiting review, or already in the state this decision leads to: a retry whose decision
    // reached reports but whose review was not stored (this service's database failed in
    // between) sends the same decision again, which reports replays by its request id (and
    // refuses if another request made it).
    const v1::ReportState decided = request.decision() == v1::REVIEW_DECISION_RETURN
                                        ? v1::REPORT_STATE_RETURNED
                                        : v1::REPORT_STATE_ACCEPTED;
    if (report.state() != v1::REPORT_STATE_SUBMITTED && report.state() != decided) {
      return absl::FailedPreconditionError(absl::StrCat(request.revision(),
                                                        " is not awaiting review (the report is ",
                                                        v1::ReportState_Name(report.state()), ")"));
    }
    // The decision goes to reports first: if it fails, no review is kept.
    const std::string review_name = absl::StrCat(request.revision(), "/review");
    if (request.decision() == v1::REVIEW_DECISION_RETURN) {
      v1::ReturnReportRequest decision;
      decision.set_revision(request.revision());
      decision.set_reason(request.return_reason());
      *decision.mutable_measure_reasons() = request.return_measure_reasons();
      *decision.mutable_reviewer() = caller;
      decision.set_review(review_name);
      decision.set_request_id(DecisionRequestId(caller, request.request_id()));
      if (auto s = reports_.Return(decision); !s.ok()) return s.status();
    } else {
      v1::AcceptReportRequest decision;
      decision.set_revision(request.revision());
      *decision.mutable_reviewer() = caller;
      decision.set_review(review_name);
      decision.set_request_id(DecisionRequestId(caller, request.request_id()));
      if (auto s = reports_.Accept(decision); !s.ok()) return s.status();
    }
  }
  return storage::WriteOnce<v1::Review>(
      store_, clock_.Now(), caller, "CreateReview", request, request.request_id(),
      [&](ReviewTransaction& tx) -> absl::StatusOr<v1::Review> {
        const absl::Time now = clock_.Now();
        const v1::Review review = BuildReview(request, name, caller, revision, now);
        RETURN_IF_ERROR(tx.InsertReview(review, recipient));
        RETURN_IF_ERROR(storage::Audit(tx, caller, "CreateReview", review.name(),
                                       request.request_id(),
                                       absl::StrCat(v1::ReviewDecision_Name(request.decision()),
                                                    ", ", v1::Rating_Name(request.rating())),
                                       now));
        return review;
      });
}

absl::StatusOr<v1::BatchCreateReviewsResponse> Reviews::BatchCreateReviews(
    const v1::Principal& caller, const v1::BatchCreateReviewsRequest& request) {
  // Each revision is authorised on its own below; a caller who can review nothing (not a
  // reviewer, nor a ministry officer) is refused whole.
  if (caller.role() != v1::ROLE_MINISTRY_OFFICER) {
    ASSIGN_OR_RETURN(auto directory, plans_.Directory());
    RETURN_IF_ERROR(Authorize(caller, Action::kReviewOwn, CallerCode(caller), directory->tree(),
                              "review reports"));
  }
  if (request.requests().empty()) {
    return absl::InvalidArgumentError("requests: a batch holds 1..50 reviews, got none");
  }
  RETURN_IF_ERROR(CheckCount("requests", request.requests_size(), kMaxReviewsPerBatch));
  absl::flat_hash_set<std::string> revisions;
  for (int i = 0; i < request.requests_size(); ++i) {
    if (!revisions.insert(request.requests(i).revision()).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          Indexed("requests", i), ".revision: ", Quote(request.requests(i).revision(), 80),
          " is in the batch twice"));
    }
  }
  v1::BatchCreateReviewsResponse response;
  for (const v1::CreateReviewRequest& one : request.requests()) {
    v1::BatchReviewResult& result = *response.add_results();
    result.set_revision(one.revision());
    absl::StatusOr<v1::Review> review = CreateReview(caller, one);
    if (review.ok()) {
      *result.mutable_review() = std::move(*review);
      response.set_succeeded(response.succeeded() + 1);
    } else {
      // absl::StatusCode numbers are gRPC's.
      result.set_code(static_cast<int>(review.status().code()));
      result.set_message(std::string(review.status().message()));
      response.set_failed(response.failed() + 1);
    }
  }
  return response;
}

absl::StatusOr<v1::Review> Reviews::GetReview(const v1::Principal& caller,
                                              const v1::GetReviewRequest& request) {
  absl::string_view revision_name = request.name();
  if (!absl::ConsumeSuffix(&revision_name, "/review")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "name: ", Quote(request.name()),
        " is not of the form \"orgs/{}/reports/{}/revisions/{}/review\""));
  }
  ASSIGN_OR_RETURN(auto parsed, ParseRevisionName("name", revision_name));
  // Named variables, not a structured binding: lambdas below capture them.
  const ReportName& name = parsed.first;
  const int number = parsed.second;
  ASSIGN_OR_RETURN(auto directory,
                   AuthorizeOn(plans_, "name", name.organisation, caller, Action::kReadRestricted,
                               absl::StrCat("read ", request.name())));
  std::optional<v1::Review> review;
  if (auto s = store_.Read([&](ReviewTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto found,
                         tx.GetReview(name.organisation, name.year, name.period, number));
        review = std::move(found);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  if (!review.has_value()) return absl::NotFoundError(absl::StrCat(request.name(), " does not exist"));
  return std::move(*review);
}

absl::StatusOr<v1::ListReviewsResponse> Reviews::ListReviews(
    const v1::Principal& caller, const v1::ListReviewsRequest& request) {
  RETURN_IF_ERROR(CheckYear("year", request.year()));
  RETURN_IF_ERROR(CheckPeriod("period", request.period(), /*zero_means_all=*/true));
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  std::string reports_to;
  if (!request.reports_to().empty()) {
    ASSIGN_OR_RETURN(auto code, ParseOrganisationName("reports_to", request.reports_to()));
    reports_to = code;
  }
  const absl::string_view me = CallerCode(caller);
  const bool see_all = caller.role() == v1::ROLE_SERVICE ||
                       (directory->tree().IsRoot(me) && caller.role() != v1::ROLE_PUBLIC &&
                        caller.role() != v1::ROLE_OPERATOR);
  if (!see_all) {
    RETURN_IF_ERROR(
        Authorize(caller, Action::kReadRestricted, me, directory->tree(), "list reviews"));
  }
  const std::string filters = absl::StrCat(request.year(), "|", request.period(), "|", reports_to);
  ASSIGN_OR_RETURN(auto page, ParsePageRequest(request.page_size(), request.page_token(), filters));
  v1::ListReviewsResponse response;
  if (auto s = store_.Read([&](ReviewTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto reviews,
                         tx.ListReviews(request.year(), request.period(), reports_to));
        PageBudget budget(page.limit);
        for (v1::Review& r : reviews) {
          // Visible: the agency's own, those its organisation made, and the ministry's all.
          const bool visible = see_all || r.organisation() == caller.organisation() ||
                               r.reviewer().organisation() == caller.organisation();
          if (!visible || r.name() <= page.after_key) continue;
          if (!budget.Admit(r.ByteSizeLong())) {
            response.set_next_page_token(
                MakePageToken(response.reviews().rbegin()->name(), filters));
            break;
          }
          *response.add_reviews() = std::move(r);
        }
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return response;
}

}  // namespace svcup::reviews
