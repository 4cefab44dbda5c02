#include "services/reviews/reviews_service.h"

#include "common/server/handler.h"

namespace svcup::reviews {

grpc::ServerUnaryReactor* ReviewsService::CreateReview(grpc::CallbackServerContext* context,
                                                       const v1::CreateReviewRequest* request,
                                                       v1::Review* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.reviews().CreateReview(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::BatchCreateReviews(
    grpc::CallbackServerContext* context, const v1::BatchCreateReviewsRequest* request,
    v1::BatchCreateReviewsResponse* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.reviews().BatchCreateReviews(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::GetReview(grpc::CallbackServerContext* context,
                                                    const v1::GetReviewRequest* request,
                                                    v1::Review* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.reviews().GetReview(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::ListReviews(grpc::CallbackServerContext* context,
                                                      const v1::ListReviewsRequest* request,
                                                      v1::ListReviewsResponse* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.reviews().ListReviews(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::ForwardPackage(grpc::CallbackServerContext* context,
                                                         const v1::ForwardPackageRequest* request,
                                                         v1::ForwardingPackage* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.packages().ForwardPackage(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::GetPackage(grpc::CallbackServerContext* context,
                                                     const v1::GetPackageRequest* request,
                                                     v1::ForwardingPackage* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.packages().GetPackage(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::ListPackages(grpc::CallbackServerContext* context,
                                                       const v1::ListPackagesRequest* request,
                                                       v1::ListPackagesResponse* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.packages().ListPackages(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::AcknowledgePackage(
    grpc::CallbackServerContext* context, const v1::AcknowledgePackageRequest* request,
    v1::ForwardingPackage* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.packages().AcknowledgePackage(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::ReturnPackage(grpc::CallbackServerContext* context,
                                                        const v1::ReturnPackageRequest* request,
                                                        v1::ForwardingPackage* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.packages().ReturnPackage(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::GetMinistryInbox(
    grpc::CallbackServerContext* context, const v1::GetMinistryInboxRequest* request,
    v1::MinistryInbox* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.packages().GetMinistryInbox(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::RecordInspection(
    grpc::CallbackServerContext* context, const v1::RecordInspectionRequest* request,
    v1::Inspection* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.inspections().RecordInspection(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::GetInspection(grpc::CallbackServerContext* context,
                                                        const v1::GetInspectionRequest* request,
                                                        v1::Inspection* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.inspections().GetInspection(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::ListInspections(grpc::CallbackServerContext* context,
                                                          const v1::ListInspectionsRequest* request,
                                                          v1::ListInspectionsResponse* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.inspections().ListInspections(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::AnswerDeficiency(
    grpc::CallbackServerContext* context, const v1::AnswerDeficiencyRequest* request,
    v1::Deficiency* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.inspections().AnswerDeficiency(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::CloseDeficiency(grpc::CallbackServerContext* context,
                                                          const v1::CloseDeficiencyRequest* request,
                                                          v1::Deficiency* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.inspections().CloseDeficiency(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::ReopenDeficiency(
    grpc::CallbackServerContext* context, const v1::ReopenDeficiencyRequest* request,
    v1::Deficiency* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.inspections().ReopenDeficiency(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::ListDeficiencies(
    grpc::CallbackServerContext* context, const v1::ListDeficienciesRequest* request,
    v1::ListDeficienciesResponse* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.inspections().ListDeficiencies(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::ListTaskForceMeetingCounts(
    grpc::CallbackServerContext* context, const v1::ListTaskForceMeetingCountsRequest* request,
    v1::ListTaskForceMeetingCountsResponse* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.evaluations().ListTaskForceMeetingCounts(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::RankEvaluations(grpc::CallbackServerContext* context,
                                                          const v1::RankEvaluationsRequest* request,
                                                          v1::EvaluationRanking* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.evaluations().RankEvaluations(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::ListReminders(grpc::CallbackServerContext* context,
                                                        const v1::ListRemindersRequest* request,
                                                        v1::ListRemindersResponse* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.reminders().ListReminders(caller, *request);
                    });
}

grpc::Status ReviewsService::WatchReminders(grpc::ServerContext* context,
                                            const v1::WatchRemindersRequest* request,
                                            grpc::ServerWriter<v1::Reminder>* writer) {
  v1::Principal caller;
  if (grpc::Status admitted = AdmitCall(authenticator_, context, &caller); !admitted.ok()) {
    return admitted;
  }
  Reminders& reminders = registry_.reminders();
  absl::StatusOr<std::string> addressee = reminders.OpenWatch(caller, *request);
  if (!addressee.ok()) return ToGrpcStatus(addressee.status());
  return ServeWatch(
      context, writer, reminders.notifier(), watch_, request->after_sequence(),
      [&](int64_t after, int limit) { return reminders.RemindersAfter(*addressee, after, limit); });
}

grpc::ServerUnaryReactor* ReviewsService::FreezeEvaluation(
    grpc::CallbackServerContext* context, const v1::FreezeEvaluationRequest* request,
    v1::FrozenEvaluation* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.evaluations().FreezeEvaluation(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::GetFrozenEvaluation(
    grpc::CallbackServerContext* context, const v1::GetFrozenEvaluationRequest* request,
    v1::FrozenEvaluation* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.evaluations().GetFrozenEvaluation(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::RenderDocument(grpc::CallbackServerContext* context,
                                                         const v1::RenderDocumentRequest* request,
                                                         v1::Document* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.documents().RenderDocument(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::ListAuditRecords(
    grpc::CallbackServerContext* context, const v1::ListAuditRecordsRequest* request,
    v1::ListAuditRecordsResponse* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.ListAuditRecords(caller, *request);
                    });
}

grpc::ServerUnaryReactor* ReviewsService::VerifyAuditTrail(
    grpc::CallbackServerContext* context, const v1::VerifyAuditTrailRequest* request,
    v1::AuditVerification* response) {
  return ServeUnary(
      workers_, authenticator_, context, response,
      [this](const v1::Principal& caller) { return registry_.VerifyAuditTrail(caller); });
}

}  // namespace svcup::reviews
