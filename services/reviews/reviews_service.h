// The gRPC face of the reviews service: each handler authenticates, hands the request to the
// ReviewRegistry and converts the status. No rules here.
#ifndef SVCUP_SERVICES_REVIEWS_REVIEWS_SERVICE_H_
#define SVCUP_SERVICES_REVIEWS_REVIEWS_SERVICE_H_

#include "common/auth/authenticator.h"
#include "services/reviews/review_registry.h"
#include "svcup/v1/reviews.grpc.pb.h"

namespace svcup::reviews {

// svcup.v1.Reviews over a ReviewRegistry.
class ReviewsService final : public v1::Reviews::Service {
 public:
  // Both must outlive the service.
  ReviewsService(ReviewRegistry& registry, const Authenticator& authenticator)
      : registry_(registry), authenticator_(authenticator) {}

  grpc::Status CreateReview(grpc::ServerContext* context, const v1::CreateReviewRequest* request,
                            v1::Review* response) override;
  grpc::Status GetReview(grpc::ServerContext* context, const v1::GetReviewRequest* request,
                         v1::Review* response) override;
  grpc::Status ListReviews(grpc::ServerContext* context, const v1::ListReviewsRequest* request,
                           v1::ListReviewsResponse* response) override;
  grpc::Status ForwardPackage(grpc::ServerContext* context,
                              const v1::ForwardPackageRequest* request,
                              v1::ForwardingPackage* response) override;
  grpc::Status GetPackage(grpc::ServerContext* context, const v1::GetPackageRequest* request,
                          v1::ForwardingPackage* response) override;
  grpc::Status ListPackages(grpc::ServerContext* context, const v1::ListPackagesRequest* request,
                            v1::ListPackagesResponse* response) override;
  grpc::Status AcknowledgePackage(grpc::ServerContext* context,
                                  const v1::AcknowledgePackageRequest* request,
                                  v1::ForwardingPackage* response) override;
  grpc::Status ReturnPackage(grpc::ServerContext* context, const v1::ReturnPackageRequest* request,
                             v1::ForwardingPackage* response) override;
  grpc::Status GetMinistryInbox(grpc::ServerContext* context,
                                const v1::GetMinistryInboxRequest* request,
                                v1::MinistryInbox* response) override;
  grpc::Status RecordInspection(grpc::ServerContext* context,
                                const v1::RecordInspectionRequest* request,
                                v1::Inspection* response) override;
  grpc::Status GetInspection(grpc::ServerContext* context, const v1::GetInspectionRequest* request,
                             v1::Inspection* response) override;
  grpc::Status ListInspections(grpc::ServerContext* context,
                               const v1::ListInspectionsRequest* request,
                               v1::ListInspectionsResponse* response) override;
  grpc::Status AnswerDeficiency(grpc::ServerContext* context,
                                const v1::AnswerDeficiencyRequest* request,
                                v1::Deficiency* response) override;
  grpc::Status CloseDeficiency(grpc::ServerContext* context,
                               const v1::CloseDeficiencyRequest* request,
                               v1::Deficiency* response) override;
  grpc::Status ReopenDeficiency(grpc::ServerContext* context,
                                const v1::ReopenDeficiencyRequest* request,
                                v1::Deficiency* response) override;
  grpc::Status ListDeficiencies(grpc::ServerContext* context,
                                const v1::ListDeficienciesRequest* request,
                                v1::ListDeficienciesResponse* response) override;
  grpc::Status ListTaskForceMeetingCounts(
      grpc::ServerContext* context, const v1::ListTaskForceMeetingCountsRequest* request,
      v1::ListTaskForceMeetingCountsResponse* response) override;
  grpc::Status RankEvaluations(grpc::ServerContext* context,
                               const v1::RankEvaluationsRequest* request,
                               v1::EvaluationRanking* response) override;
  grpc::Status RenderDocument(grpc::ServerContext* context,
                              const v1::RenderDocumentRequest* request,
                              v1::Document* response) override;
  grpc::Status ListAuditRecords(grpc::ServerContext* context,
                                const v1::ListAuditRecordsRequest* request,
                                v1::ListAuditRecordsResponse* response) override;
  grpc::Status VerifyAuditTrail(grpc::ServerContext* context,
                                const v1::VerifyAuditTrailRequest* request,
                                v1::AuditVerification* response) override;

 private:
  ReviewRegistry& registry_;
  const Authenticator& authenticator_;
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_REVIEWS_SERVICE_H_
