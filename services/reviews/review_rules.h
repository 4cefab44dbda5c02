// The rules of reviews, inspections and the annual evaluation as pure functions: no gRPC, no
// SQL. Content checks answer INVALID_ARGUMENT naming the field.
#ifndef SVCUP_SERVICES_REVIEWS_REVIEW_RULES_H_
#define SVCUP_SERVICES_REVIEWS_REVIEW_RULES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/api/names.h"
#include "svcup/v1/reviews.pb.h"

namespace svcup::reviews {

// The most reviews one BatchCreateReviews call carries.
inline constexpr int kMaxReviewsPerBatch = 50;

// Checks a review request against the revision it reviews: the digest present, opinions only on
// measures the revision reports (each once), an overall opinion, a rating, at most 50
// deficiencies, a decision, and a reason when the decision is RETURN.
absl::Status ValidateReview(const v1::CreateReviewRequest& request,
                            const v1::ReportContent& reviewed);

// Checks an inspection: a date not after `today`, a kind, findings, and at most 50
// deficiencies each with a description and a due date on or after the inspection.
// The review a (validated) CreateReview request makes of `revision` of `report`, by `reviewer`
// at `now`: the request's opinions and decision, the revision's digest and a copy of it.
v1::Review BuildReview(const v1::CreateReviewRequest& request, const ReportName& report,
                       const v1::Principal& reviewer, const v1::ReportRevision& revision,
                       absl::Time now);

// What a supervisor's forwarding package is built from (read in its transaction).
struct PackageDraft {
  std::string supervisor;                                 // its code
  std::vector<std::string> agencies;                      // the agencies reporting to it
  absl::flat_hash_map<std::string, std::string> missing;  // agency code -> reason given
  std::vector<v1::Review> reviews;                        // the period's reviews of them
  int version = 1;                                        // 1, or the returned one's + 1
  v1::Date due_date;                                      // the period's ministry due date
};

// The package `request` forwards: an entry (revision, digest, review, rating, lateness) per
// agency with an accepting review, the agencies listed missing with their reasons, lateness
// against the due date at `now`. INVALID_ARGUMENT for an agency listed missing that has an
// accepted report; FAILED_PRECONDITION naming the agencies with neither.
absl::StatusOr<v1::ForwardingPackage> BuildPackage(const v1::ForwardPackageRequest& request,
                                                   const PackageDraft& draft,
                                                   const v1::Principal& forwarder, absl::Time now);

absl::Status ValidateInspection(const v1::RecordInspectionRequest& request, absl::CivilDay today);

// Whether a deficiency is overdue on `today`: not closed and past its due date.
bool IsOverdue(const v1::Deficiency& deficiency, absl::CivilDay today);

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_REVIEW_RULES_H_
