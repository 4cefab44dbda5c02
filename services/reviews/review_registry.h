// The domain of the reviews service: reviews of report revisions (Attachment 2) and the
// decision they carry to the reports service, forwarding packages and the ministry's inbox,
// inspections and deficiency follow-up, task-force meeting counts, the annual evaluation and
// printable documents. No gRPC here beyond the clients of the other services.
//
// Facts from the other services are copied when relied on: a review keeps the revision it
// reviewed (with its digest), a package keeps each entry's revision, digest and rating.
#ifndef SVCUP_SERVICES_REVIEWS_REVIEW_REGISTRY_H_
#define SVCUP_SERVICES_REVIEWS_REVIEW_REGISTRY_H_

#include "absl/status/statusor.h"
#include "common/api/clock.h"
#include "common/hierarchy/plans_gateway.h"
#include "services/reviews/reports_client.h"
#include "services/reviews/review_store.h"
#include "svcup/v1/reviews.pb.h"

namespace svcup::reviews {

// The reviews service's domain. Thread-safe: it holds no mutable state of its own.
class ReviewRegistry {
 public:
  // All must outlive the registry.
  ReviewRegistry(ReviewStore& store, PlansGateway& plans, ReportsClient& reports,
                 const Clock& clock)
      : store_(store), plans_(plans), reports_(reports), clock_(clock) {}

  // Reviews (reviews.cc).
  absl::StatusOr<v1::Review> CreateReview(const v1::Principal& caller,
                                          const v1::CreateReviewRequest& request);
  absl::StatusOr<v1::Review> GetReview(const v1::Principal& caller,
                                       const v1::GetReviewRequest& request);
  absl::StatusOr<v1::ListReviewsResponse> ListReviews(const v1::Principal& caller,
                                                      const v1::ListReviewsRequest& request);

  // Forwarding packages and the ministry's inbox (packages.cc).
  absl::StatusOr<v1::ForwardingPackage> ForwardPackage(const v1::Principal& caller,
                                                       const v1::ForwardPackageRequest& request);
  absl::StatusOr<v1::ForwardingPackage> GetPackage(const v1::Principal& caller,
                                                   const v1::GetPackageRequest& request);
  absl::StatusOr<v1::ListPackagesResponse> ListPackages(const v1::Principal& caller,
                                                        const v1::ListPackagesRequest& request);
  absl::StatusOr<v1::ForwardingPackage> AcknowledgePackage(
      const v1::Principal& caller, const v1::AcknowledgePackageRequest& request);
  absl::StatusOr<v1::ForwardingPackage> ReturnPackage(const v1::Principal& caller,
                                                      const v1::ReturnPackageRequest& request);
  absl::StatusOr<v1::MinistryInbox> GetMinistryInbox(const v1::Principal& caller,
                                                     const v1::GetMinistryInboxRequest& request);

  // Inspections and deficiencies (inspections.cc).
  absl::StatusOr<v1::Inspection> RecordInspection(const v1::Principal& caller,
                                                  const v1::RecordInspectionRequest& request);
  absl::StatusOr<v1::Inspection> GetInspection(const v1::Principal& caller,
                                               const v1::GetInspectionRequest& request);
  absl::StatusOr<v1::ListInspectionsResponse> ListInspections(
      const v1::Principal& caller, const v1::ListInspectionsRequest& request);
  absl::StatusOr<v1::Deficiency> AnswerDeficiency(const v1::Principal& caller,
                                                  const v1::AnswerDeficiencyRequest& request);
  absl::StatusOr<v1::Deficiency> CloseDeficiency(const v1::Principal& caller,
                                                 const v1::CloseDeficiencyRequest& request);
  absl::StatusOr<v1::Deficiency> ReopenDeficiency(const v1::Principal& caller,
                                                  const v1::ReopenDeficiencyRequest& request);
  absl::StatusOr<v1::ListDeficienciesResponse> ListDeficiencies(
      const v1::Principal& caller, const v1::ListDeficienciesRequest& request);

  // Meetings, evaluation, documents, audit (evaluation.cc, documents.cc).
  absl::StatusOr<v1::ListTaskForceMeetingCountsResponse> ListTaskForceMeetingCounts(
      const v1::Principal& caller, const v1::ListTaskForceMeetingCountsRequest& request);
  absl::StatusOr<v1::EvaluationRanking> RankEvaluations(
      const v1::Principal& caller, const v1::RankEvaluationsRequest& request);
  absl::StatusOr<v1::Document> RenderDocument(const v1::Principal& caller,
                                              const v1::RenderDocumentRequest& request);
  absl::StatusOr<v1::ListAuditRecordsResponse> ListAuditRecords(
      const v1::Principal& caller, const v1::ListAuditRecordsRequest& request);

  // What the metrics endpoint counts: the latest package of every (supervisor, year, period)
  // and the deficiencies not closed, by supervisor (overdue by the service clock).
  struct StateCounts {
    std::vector<v1::ForwardingPackage> packages;
    std::vector<DeficiencyCount> deficiencies;
  };
  absl::StatusOr<StateCounts> CountState();

 private:
  // A change to a deficiency by the agency or the inspector (inspections.cc).
  struct DeficiencyChange;
  absl::StatusOr<v1::Deficiency> ChangeDeficiency(const v1::Principal& caller,
                                                  const DeficiencyChange& change);
  // A ministry decision on a package (packages.cc).
  absl::StatusOr<v1::ForwardingPackage> DecidePackage(const v1::Principal& caller,
                                                      absl::string_view method,
                                                      const google::protobuf::Message& request,
                                                      const std::string& name,
                                                      const std::string& etag,
                                                      const std::string& request_id,
                                                      const std::string& reason);

  ReviewStore& store_;
  PlansGateway& plans_;
  ReportsClient& reports_;
  const Clock& clock_;
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_REVIEW_REGISTRY_H_
