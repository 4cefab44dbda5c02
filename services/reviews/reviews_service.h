// The gRPC face of the reviews service: each handler authenticates, hands the request to the
// ReviewRegistry and converts the status. No rules here.
#ifndef SVCUP_SERVICES_REVIEWS_REVIEWS_SERVICE_H_
#define SVCUP_SERVICES_REVIEWS_REVIEWS_SERVICE_H_

#include "common/auth/authenticator.h"
#include "common/server/callback_methods.h"
#include "common/server/watch_stream.h"
#include "common/server/worker_pool.h"
#include "services/reviews/review_registry.h"
#include "svcup/v1/reviews.grpc.pb.h"

namespace svcup::reviews {

// svcup.v1.Reviews over a ReviewRegistry.
class ReviewsService final
    : public WithCallbackMethods<
          v1::Reviews::Service, v1::Reviews::WithCallbackMethod_ListTaskForceMeetingCounts,
          v1::Reviews::WithCallbackMethod_CreateReview,
          v1::Reviews::WithCallbackMethod_BatchCreateReviews,
          v1::Reviews::WithCallbackMethod_GetReview, v1::Reviews::WithCallbackMethod_ListReviews,
          v1::Reviews::WithCallbackMethod_ForwardPackage,
          v1::Reviews::WithCallbackMethod_GetPackage, v1::Reviews::WithCallbackMethod_ListPackages,
          v1::Reviews::WithCallbackMethod_AcknowledgePackage,
          v1::Reviews::WithCallbackMethod_ReturnPackage,
          v1::Reviews::WithCallbackMethod_GetMinistryInbox,
          v1::Reviews::WithCallbackMethod_RecordInspection,
          v1::Reviews::WithCallbackMethod_GetInspection,
          v1::Reviews::WithCallbackMethod_ListInspections,
          v1::Reviews::WithCallbackMethod_AnswerDeficiency,
          v1::Reviews::WithCallbackMethod_CloseDeficiency,
          v1::Reviews::WithCallbackMethod_ReopenDeficiency,
          v1::Reviews::WithCallbackMethod_ListDeficiencies,
          v1::Reviews::WithCallbackMethod_RankEvaluations,
          v1::Reviews::WithCallbackMethod_FreezeEvaluation,
          v1::Reviews::WithCallbackMethod_GetFrozenEvaluation,
          v1::Reviews::WithCallbackMethod_ListReminders,
          v1::Reviews::WithCallbackMethod_RenderDocument,
          v1::Reviews::WithCallbackMethod_ListAuditRecords,
          v1::Reviews::WithCallbackMethod_VerifyAuditTrail> {
 public:
  // Both must outlive the service. Unary calls run on `workers` threads of the service's own.
  ReviewsService(ReviewRegistry& registry, const Authenticator& authenticator,
                 WorkerLimits workers = {}, WatchLimits watch = {})
      : registry_(registry), authenticator_(authenticator), workers_(workers), watch_(watch) {}

  grpc::ServerUnaryReactor* CreateReview(grpc::CallbackServerContext* context,
                                         const v1::CreateReviewRequest* request,
                                         v1::Review* response) override;
  grpc::ServerUnaryReactor* BatchCreateReviews(grpc::CallbackServerContext* context,
                                               const v1::BatchCreateReviewsRequest* request,
                                               v1::BatchCreateReviewsResponse* response) override;
  grpc::ServerUnaryReactor* GetReview(grpc::CallbackServerContext* context,
                                      const v1::GetReviewRequest* request,
                                      v1::Review* response) override;
  grpc::ServerUnaryReactor* ListReviews(grpc::CallbackServerContext* context,
                                        const v1::ListReviewsRequest* request,
                                        v1::ListReviewsResponse* response) override;
  grpc::ServerUnaryReactor* ForwardPackage(grpc::CallbackServerContext* context,
                                           const v1::ForwardPackageRequest* request,
                                           v1::ForwardingPackage* response) override;
  grpc::ServerUnaryReactor* GetPackage(grpc::CallbackServerContext* context,
                                       const v1::GetPackageRequest* request,
                                       v1::ForwardingPackage* response) override;
  grpc::ServerUnaryReactor* ListPackages(grpc::CallbackServerContext* context,
                                         const v1::ListPackagesRequest* request,
                                         v1::ListPackagesResponse* response) override;
  grpc::ServerUnaryReactor* AcknowledgePackage(grpc::CallbackServerContext* context,
                                               const v1::AcknowledgePackageRequest* request,
                                               v1::ForwardingPackage* response) override;
  grpc::ServerUnaryReactor* ReturnPackage(grpc::CallbackServerContext* context,
                                          const v1::ReturnPackageRequest* request,
                                          v1::ForwardingPackage* response) override;
  grpc::ServerUnaryReactor* GetMinistryInbox(grpc::CallbackServerContext* context,
                                             const v1::GetMinistryInboxRequest* request,
                                             v1::MinistryInbox* response) override;
  grpc::ServerUnaryReactor* RecordInspection(grpc::CallbackServerContext* context,
                                             const v1::RecordInspectionRequest* request,
                                             v1::Inspection* response) override;
  grpc::ServerUnaryReactor* GetInspection(grpc::CallbackServerContext* context,
                                          const v1::GetInspectionRequest* request,
                                          v1::Inspection* response) override;
  grpc::ServerUnaryReactor* ListInspections(grpc::CallbackServerContext* context,
                                            const v1::ListInspectionsRequest* request,
                                            v1::ListInspectionsResponse* response) override;
  grpc::ServerUnaryReactor* AnswerDeficiency(grpc::CallbackServerContext* context,
                                             const v1::AnswerDeficiencyRequest* request,
                                             v1::Deficiency* response) override;
  grpc::ServerUnaryReactor* CloseDeficiency(grpc::CallbackServerContext* context,
                                            const v1::CloseDeficiencyRequest* request,
                                            v1::Deficiency* response) override;
  grpc::ServerUnaryReactor* ReopenDeficiency(grpc::CallbackServerContext* context,
                                             const v1::ReopenDeficiencyRequest* request,
                                             v1::Deficiency* response) override;
  grpc::ServerUnaryReactor* ListDeficiencies(grpc::CallbackServerContext* context,
                                             const v1::ListDeficienciesRequest* request,
                                             v1::ListDeficienciesResponse* response) override;
  grpc::ServerUnaryReactor* ListTaskForceMeetingCounts(
      grpc::CallbackServerContext* context, const v1::ListTaskForceMeetingCountsRequest* request,
      v1::ListTaskForceMeetingCountsResponse* response) override;
  grpc::ServerUnaryReactor* RankEvaluations(grpc::CallbackServerContext* context,
                                            const v1::RankEvaluationsRequest* request,
                                            v1::EvaluationRanking* response) override;
  grpc::ServerUnaryReactor* ListReminders(grpc::CallbackServerContext* context,
                                          const v1::ListRemindersRequest* request,
                                          v1::ListRemindersResponse* response) override;
  // A server stream: the one streaming method, served on a thread of its own (bounded by the
  // watch limits).
  grpc::Status WatchReminders(grpc::ServerContext* context,
                              const v1::WatchRemindersRequest* request,
                              grpc::ServerWriter<v1::Reminder>* writer) override;
  grpc::ServerUnaryReactor* FreezeEvaluation(grpc::CallbackServerContext* context,
                                             const v1::FreezeEvaluationRequest* request,
                                             v1::FrozenEvaluation* response) override;
  grpc::ServerUnaryReactor* GetFrozenEvaluation(grpc::CallbackServerContext* context,
                                                const v1::GetFrozenEvaluationRequest* request,
                                                v1::FrozenEvaluation* response) override;
  grpc::ServerUnaryReactor* RenderDocument(grpc::CallbackServerContext* context,
                                           const v1::RenderDocumentRequest* request,
                                           v1::Document* response) override;
  grpc::ServerUnaryReactor* ListAuditRecords(grpc::CallbackServerContext* context,
                                             const v1::ListAuditRecordsRequest* request,
                                             v1::ListAuditRecordsResponse* response) override;
  grpc::ServerUnaryReactor* VerifyAuditTrail(grpc::CallbackServerContext* context,
                                             const v1::VerifyAuditTrailRequest* request,
                                             v1::AuditVerification* response) override;

 private:
  ReviewRegistry& registry_;
  const Authenticator& authenticator_;
  WorkerPool workers_;
  const WatchLimits watch_;
};

}  // namespace svcup::reviews

#endif  // SVCUP_SERVICES_REVIEWS_REVIEWS_SERVICE_H_
