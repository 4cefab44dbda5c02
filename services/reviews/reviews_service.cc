#include "services/reviews/reviews_service.h"

#include "common/server/handler.h"

namespace svcup::reviews {

grpc::Status ReviewsService::CreateReview(grpc::ServerContext* context,
                                          const v1::CreateReviewRequest* request,
                                          v1::Review* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.reviews().CreateReview(caller, *request);
  });
}

grpc::Status ReviewsService::GetReview(grpc::ServerContext* context,
                                       const v1::GetReviewRequest* request, v1::Review* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.reviews().GetReview(caller, *request);
  });
}

grpc::Status ReviewsService::ListReviews(grpc::ServerContext* context,
                                         const v1::ListReviewsRequest* request,
                                         v1::ListReviewsResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.reviews().ListReviews(caller, *request);
  });
}

grpc::Status ReviewsService::ForwardPackage(grpc::ServerContext* context,
                                            const v1::ForwardPackageRequest* request,
                                            v1::ForwardingPackage* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.packages().ForwardPackage(caller, *request);
  });
}

grpc::Status ReviewsService::GetPackage(grpc::ServerContext* context,
                                        const v1::GetPackageRequest* request,
                                        v1::ForwardingPackage* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.packages().GetPackage(caller, *request);
  });
}

grpc::Status ReviewsService::ListPackages(grpc::ServerContext* context,
                                          const v1::ListPackagesRequest* request,
                                          v1::ListPackagesResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.packages().ListPackages(caller, *request);
  });
}

grpc::Status ReviewsService::AcknowledgePackage(grpc::ServerContext* context,
                                                const v1::AcknowledgePackageRequest* request,
                                                v1::ForwardingPackage* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.packages().AcknowledgePackage(caller, *request);
  });
}

grpc::Status ReviewsService::ReturnPackage(grpc::ServerContext* context,
                                           const v1::ReturnPackageRequest* request,
                                           v1::ForwardingPackage* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.packages().ReturnPackage(caller, *request);
  });
}

grpc::Status ReviewsService::GetMinistryInbox(grpc::ServerContext* context,
                                              const v1::GetMinistryInboxRequest* request,
                                              v1::MinistryInbox* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.packages().GetMinistryInbox(caller, *request);
  });
}

grpc::Status ReviewsService::RecordInspection(grpc::ServerContext* context,
                                              const v1::RecordInspectionRequest* request,
                                              v1::Inspection* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.inspections().RecordInspection(caller, *request);
  });
}

grpc::Status ReviewsService::GetInspection(grpc::ServerContext* context,
                                           const v1::GetInspectionRequest* request,
                                           v1::Inspection* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.inspections().GetInspection(caller, *request);
  });
}

grpc::Status ReviewsService::ListInspections(grpc::ServerContext* context,
                                             const v1::ListInspectionsRequest* request,
                                             v1::ListInspectionsResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.inspections().ListInspections(caller, *request);
  });
}

grpc::Status ReviewsService::AnswerDeficiency(grpc::ServerContext* context,
                                              const v1::AnswerDeficiencyRequest* request,
                                              v1::Deficiency* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.inspections().AnswerDeficiency(caller, *request);
  });
}

grpc::Status ReviewsService::CloseDeficiency(grpc::ServerContext* context,
                                             const v1::CloseDeficiencyRequest* request,
                                             v1::Deficiency* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.inspections().CloseDeficiency(caller, *request);
  });
}

grpc::Status ReviewsService::ReopenDeficiency(grpc::ServerContext* context,
                                              const v1::ReopenDeficiencyRequest* request,
                                              v1::Deficiency* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.inspections().ReopenDeficiency(caller, *request);
  });
}

grpc::Status ReviewsService::ListDeficiencies(grpc::ServerContext* context,
                                              const v1::ListDeficienciesRequest* request,
                                              v1::ListDeficienciesResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.inspections().ListDeficiencies(caller, *request);
  });
}

grpc::Status ReviewsService::ListTaskForceMeetingCounts(
    grpc::ServerContext* context, const v1::ListTaskForceMeetingCountsRequest* request,
    v1::ListTaskForceMeetingCountsResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.evaluations().ListTaskForceMeetingCounts(caller, *request);
  });
}

grpc::Status ReviewsService::RankEvaluations(grpc::ServerContext* context,
                                             const v1::RankEvaluationsRequest* request,
                                             v1::EvaluationRanking* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.evaluations().RankEvaluations(caller, *request);
  });
}

grpc::Status ReviewsService::RenderDocument(grpc::ServerContext* context,
                                            const v1::RenderDocumentRequest* request,
                                            v1::Document* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.documents().RenderDocument(caller, *request);
  });
}

grpc::Status ReviewsService::ListAuditRecords(grpc::ServerContext* context,
                                              const v1::ListAuditRecordsRequest* request,
                                              v1::ListAuditRecordsResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.ListAuditRecords(caller, *request);
  });
}

grpc::Status ReviewsService::VerifyAuditTrail(grpc::ServerContext* context,
                                              const v1::VerifyAuditTrailRequest* request,
                                              v1::AuditVerification* response) {
  return Serve(authenticator_, context, response,
               [&](const v1::Principal& caller) { return registry_.VerifyAuditTrail(caller); });
}

}  // namespace svcup::reviews
