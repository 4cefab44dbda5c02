#include "services/plans/plans_service.h"

#include "common/server/handler.h"

namespace svcup::plans {

grpc::ServerUnaryReactor* PlansService::GetOrganisation(grpc::CallbackServerContext* context,
                                                        const v1::GetOrganisationRequest* request,
                                                        v1::Organisation* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.organisations().GetOrganisation(caller, *request);
                    });
}

grpc::ServerUnaryReactor* PlansService::ListOrganisations(
    grpc::CallbackServerContext* context, const v1::ListOrganisationsRequest* request,
    v1::ListOrganisationsResponse* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.organisations().ListOrganisations(caller, *request);
                    });
}

grpc::ServerUnaryReactor* PlansService::ListSubordinates(grpc::CallbackServerContext* context,
                                                         const v1::ListSubordinatesRequest* request,
                                                         v1::ListOrganisationsResponse* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.organisations().ListSubordinates(caller, *request);
                    });
}

grpc::ServerUnaryReactor* PlansService::ResolveReportingRoute(
    grpc::CallbackServerContext* context, const v1::ResolveReportingRouteRequest* request,
    v1::ReportingRoute* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.organisations().ResolveReportingRoute(caller, *request);
                    });
}

grpc::ServerUnaryReactor* PlansService::CreateImplementationPlan(
    grpc::CallbackServerContext* context, const v1::CreateImplementationPlanRequest* request,
    v1::ImplementationPlan* response) {
  return ServeUnary(
      workers_, authenticator_, context, response, [=, this](const v1::Principal& caller) {
        return registry_.implementation_plans().CreateImplementationPlan(caller, *request);
      });
}

grpc::ServerUnaryReactor* PlansService::UpdateImplementationPlan(
    grpc::CallbackServerContext* context, const v1::UpdateImplementationPlanRequest* request,
    v1::ImplementationPlan* response) {
  return ServeUnary(
      workers_, authenticator_, context, response, [=, this](const v1::Principal& caller) {
        return registry_.implementation_plans().UpdateImplementationPlan(caller, *request);
      });
}

grpc::ServerUnaryReactor* PlansService::PublishImplementationPlan(
    grpc::CallbackServerContext* context, const v1::PublishImplementationPlanRequest* request,
    v1::ImplementationPlan* response) {
  return ServeUnary(
      workers_, authenticator_, context, response, [=, this](const v1::Principal& caller) {
        return registry_.implementation_plans().PublishImplementationPlan(caller, *request);
      });
}

grpc::ServerUnaryReactor* PlansService::AmendImplementationPlan(
    grpc::CallbackServerContext* context, const v1::AmendImplementationPlanRequest* request,
    v1::ImplementationPlan* response) {
  return ServeUnary(
      workers_, authenticator_, context, response, [=, this](const v1::Principal& caller) {
        return registry_.implementation_plans().AmendImplementationPlan(caller, *request);
      });
}

grpc::ServerUnaryReactor* PlansService::GetImplementationPlan(
    grpc::CallbackServerContext* context, const v1::GetImplementationPlanRequest* request,
    v1::ImplementationPlan* response) {
  return ServeUnary(
      workers_, authenticator_, context, response, [=, this](const v1::Principal& caller) {
        return registry_.implementation_plans().GetImplementationPlan(caller, *request);
      });
}

grpc::ServerUnaryReactor* PlansService::ListImplementationPlanVersions(
    grpc::CallbackServerContext* context, const v1::ListImplementationPlanVersionsRequest* request,
    v1::ListImplementationPlanVersionsResponse* response) {
  return ServeUnary(
      workers_, authenticator_, context, response, [=, this](const v1::Principal& caller) {
        return registry_.implementation_plans().ListImplementationPlanVersions(caller, *request);
      });
}

grpc::ServerUnaryReactor* PlansService::CreateExecutionPlan(
    grpc::CallbackServerContext* context, const v1::CreateExecutionPlanRequest* request,
    v1::ExecutionPlan* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.execution_plans().CreateExecutionPlan(caller, *request);
                    });
}

grpc::ServerUnaryReactor* PlansService::UpdateExecutionPlan(
    grpc::CallbackServerContext* context, const v1::UpdateExecutionPlanRequest* request,
    v1::ExecutionPlan* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.execution_plans().UpdateExecutionPlan(caller, *request);
                    });
}

grpc::ServerUnaryReactor* PlansService::ApproveExecutionPlan(
    grpc::CallbackServerContext* context, const v1::ApproveExecutionPlanRequest* request,
    v1::ExecutionPlan* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.execution_plans().ApproveExecutionPlan(caller, *request);
                    });
}

grpc::ServerUnaryReactor* PlansService::PublishExecutionPlan(
    grpc::CallbackServerContext* context, const v1::PublishExecutionPlanRequest* request,
    v1::ExecutionPlan* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.execution_plans().PublishExecutionPlan(caller, *request);
                    });
}

grpc::ServerUnaryReactor* PlansService::GetExecutionPlan(grpc::CallbackServerContext* context,
                                                         const v1::GetExecutionPlanRequest* request,
                                                         v1::ExecutionPlan* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.execution_plans().GetExecutionPlan(caller, *request);
                    });
}

grpc::ServerUnaryReactor* PlansService::ListExecutionPlans(
    grpc::CallbackServerContext* context, const v1::ListExecutionPlansRequest* request,
    v1::ListExecutionPlansResponse* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.execution_plans().ListExecutionPlans(caller, *request);
                    });
}

grpc::Status PlansService::ExportExecutionPlans(grpc::ServerContext* context,
                                                const v1::ExportExecutionPlansRequest* request,
                                                grpc::ServerWriter<v1::Document>* writer) {
  return ServeStream(authenticator_, context, [&](const v1::Principal& caller) {
    return registry_.execution_plans().ExportExecutionPlans(
        caller, *request, [&](const v1::Document& piece) { return writer->Write(piece); });
  });
}

grpc::ServerUnaryReactor* PlansService::ListAuditRecords(grpc::CallbackServerContext* context,
                                                         const v1::ListAuditRecordsRequest* request,
                                                         v1::ListAuditRecordsResponse* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.ListAuditRecords(caller, *request);
                    });
}

grpc::ServerUnaryReactor* PlansService::VerifyAuditTrail(grpc::CallbackServerContext* context,
                                                         const v1::VerifyAuditTrailRequest* request,
                                                         v1::AuditVerification* response) {
  return ServeUnary(
      workers_, authenticator_, context, response,
      [this](const v1::Principal& caller) { return registry_.VerifyAuditTrail(caller); });
}

}  // namespace svcup::plans
