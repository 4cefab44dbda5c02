#include "services/reviews/review_rules.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/api/etag.h"
#include "common/api/names.h"
#include "common/api/return_reasons.h"
#include "common/api/validation.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"

namespace svcup::reviews {

absl::Status ValidateReview(const v1::CreateReviewRequest& request,
                            const v1::ReportContent& reviewed) {
  if (request.content_digest().empty()) {
    return absl::InvalidArgumentError(
        "content_digest: is required: the digest of the revision you read (sha256:...)");
  }
  RETURN_IF_ERROR(CheckCount("measure_opinions", request.measure_opinions_size(), 99));
  absl::flat_hash_set<std::string> reported, seen;
  for (const auto& r : reviewed.measure_results()) reported.insert(r.measure_code());
  for (int i = 0; i < request.measure_opinions_size(); ++i) {
    const v1::MeasureOpinion& o = request.measure_opinions(i);
    const std::string field = Indexed("measure_opinions", i);
    if (!reported.contains(o.measure_code())) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".measure_code: ", Quote(o.measure_code()), " is not a measure the revision reports"));
    }
    if (!seen.insert(o.measure_code()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".measure_code: ", Quote(o.measure_code()), " has two opinions"));
    }
    RETURN_IF_ERROR(CheckText(field + ".opinion", o.opinion(), 1, 5000));
  }
  RETURN_IF_ERROR(CheckText("overall_opinion", request.overall_opinion(), 1, 10000));
  if (request.rating() == v1::RATING_UNSPECIFIED || !v1::Rating_IsValid(request.rating())) {
    return absl::InvalidArgumentError(
        "rating: is required (RATING_EXCELLENT, RATING_GOOD, RATING_FAIR or RATING_POOR)");
  }
  RETURN_IF_ERROR(CheckCount("deficiencies", request.deficiencies_size(), 50));
  for (int i = 0; i < request.deficiencies_size(); ++i) {
    RETURN_IF_ERROR(CheckText(Indexed("deficiencies", i), request.deficiencies(i), 1, 2000));
  }
  RETURN_IF_ERROR(CheckText("improvement_guidance", request.improvement_guidance(), 0, 10000));
  switch (request.decision()) {
    case v1::REVIEW_DECISION_ACCEPT:
      if (!request.return_reason().empty() || !request.return_measure_reasons().empty()) {
        return absl::InvalidArgumentError(
            "return_reason: must be empty, like return_measure_reasons, when the decision is "
            "REVIEW_DECISION_ACCEPT");
      }
      return absl::OkStatus();
    case v1::REVIEW_DECISION_RETURN:
      return CheckReturnReasons("return_reason", request.return_reason(), "return_measure_reasons",
                                request.return_measure_reasons(), reviewed);
    default:
      return absl::InvalidArgumentError(
          "decision: is required (REVIEW_DECISION_ACCEPT or REVIEW_DECISION_RETURN)");
  }
}

v1::Review BuildReview(const v1::CreateReviewRequest& request, const ReportName& report,
                       const v1::Principal& reviewer, const v1::ReportRevision& revision,
                       absl::Time now) {
  v1::Review review;
  review.set_name(absl::StrCat(request.revision(), "/review"));
  review.set_revision(request.revision());
  review.set_content_digest(revision.content_digest());
  review.set_organisation(OrganisationName(report.organisation));
  review.set_year(report.year);
  review.set_period(report.period);
  *review.mutable_reviewer() = reviewer;
  *review.mutable_measure_opinions() = request.measure_opinions();
  review.set_overall_opinion(request.overall_opinion());
  review.set_rating(request.rating());
  *review.mutable_deficiencies() = request.deficiencies();
  review.set_improvement_guidance(request.improvement_guidance());
  review.set_decision(request.decision());
  review.set_return_reason(request.return_reason());
  *review.mutable_return_measure_reasons() = request.return_measure_reasons();
  *review.mutable_create_time() = ToTimestamp(now);
  *review.mutable_reviewed_revision() = revision;
  return review;
}

absl::StatusOr<v1::ForwardingPackage> BuildPackage(const v1::ForwardPackageRequest& request,
                                                   const PackageDraft& draft,
                                                   const v1::Principal& forwarder, absl::Time now) {
  // The accepting review of each agency (an accepted report is closed: there is one).
  absl::flat_hash_map<std::string, const v1::Review*> accepted;
  for (const v1::Review& r : draft.reviews) {
    if (r.decision() == v1::REVIEW_DECISION_ACCEPT) {
      accepted[std::string(OrganisationCodeOf(r.organisation()))] = &r;
    }
  }
  v1::ForwardingPackage package;
  std::vector<std::string> unreviewed;
  for (const std::string& agency : draft.agencies) {
    auto review = accepted.find(agency);
    if (review == accepted.end()) {
      if (!draft.missing.contains(agency)) unreviewed.push_back(OrganisationName(agency));
      continue;
    }
    if (draft.missing.contains(agency)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "missing: orgs/", agency, " has an accepted report; it cannot be listed missing"));
    }
    const v1::Review& r = *review->second;
    v1::PackageEntry& entry = *package.add_entries();
    entry.set_organisation(OrganisationName(agency));
    entry.set_revision(r.revision());
    entry.set_content_digest(r.content_digest());
    entry.set_review(r.name());
    entry.set_rating(r.rating());
    entry.set_late(r.reviewed_revision().late());
    entry.set_days_late(r.reviewed_revision().days_late());
  }
  if (!unreviewed.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot forward ", request.supervisor(), " ", request.year(), "-",
                     request.period(), ": no accepted report for ", absl::StrJoin(unreviewed, ", "),
                     "; review them, or list them in `missing` with a reason"));
  }
  for (const std::string& agency : draft.agencies) {
    auto it = draft.missing.find(agency);
    if (it == draft.missing.end()) continue;
    v1::MissingAgency& m = *package.add_missing();
    m.set_organisation(OrganisationName(agency));
    m.set_reason(it->second);
  }
  const v1::Date& due = draft.due_date;
  const int days_late = DaysLate(now, CivilDayOf(due));
  package.set_supervisor(request.supervisor());
  package.set_year(request.year());
  package.set_period(request.period());
  package.set_version(draft.version);
  package.set_name(absl::StrCat("orgs/", draft.supervisor, "/packages/", request.year(), "-",
                                request.period(), "/versions/", draft.version));
  package.set_state(v1::PACKAGE_STATE_FORWARDED);
  package.set_note(request.note());
  *package.mutable_forward_time() = ToTimestamp(now);
  *package.mutable_forwarded_by() = forwarder;
  *package.mutable_due_date() = due;
  package.set_late(days_late > 0);
  package.set_days_late(days_late);
  package.set_etag(ComputeEtag(package));
  return package;
}

absl::Status ValidateInspection(const v1::RecordInspectionRequest& request,
                                absl::CivilDay today) {
  ASSIGN_OR_RETURN(auto date, DateFromProto(request.date(), "date"));
  if (date > today) {
    return absl::InvalidArgumentError(
        absl::StrCat("date: ", FormatIsoDate(date), " is in the future; record inspections held"));
  }
  if (request.kind() == v1::INSPECTION_KIND_UNSPECIFIED ||
      !v1::InspectionKind_IsValid(request.kind())) {
    return absl::InvalidArgumentError(
        "kind: is required (INSPECTION_KIND_SCHEDULED or INSPECTION_KIND_UNSCHEDULED_VERIFICATION)");
  }
  RETURN_IF_ERROR(CheckText("findings", request.findings(), 1, 10000));
  RETURN_IF_ERROR(CheckCount("deficiencies", request.deficiencies_size(), 50));
  for (int i = 0; i < request.deficiencies_size(); ++i) {
    const std::string field = Indexed("deficiencies", i);
    const v1::DeficiencyInput& d = request.deficiencies(i);
    RETURN_IF_ERROR(CheckText(field + ".description", d.description(), 1, 2000));
    ASSIGN_OR_RETURN(auto due, DateFromProto(d.due_date(), field + ".due_date"));
    if (due < date) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".due_date: ", FormatIsoDate(due),
                                                     " is before the inspection (",
                                                     FormatIsoDate(date), ")"));
    }
  }
  return absl::OkStatus();
}

bool IsOverdue(const v1::Deficiency& deficiency, absl::CivilDay today) {
  if (deficiency.state() == v1::DEFICIENCY_STATE_CLOSED) return false;
  const v1::Date& d = deficiency.due_date();
  return today > CivilDayOf(d);
}

}  // namespace svcup::reviews
