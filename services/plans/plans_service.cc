#include "services/plans/plans_service.h"

#include "common/server/handler.h"

namespace svcup::plans {

grpc::Status PlansService::GetOrganisation(grpc::ServerContext* context,
                                           const v1::GetOrganisationRequest* request,
                                           v1::Organisation* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.organisations().GetOrganisation(caller, *request);
  });
}

grpc::Status PlansService::ListOrganisations(grpc::ServerContext* context,
                                             const v1::ListOrganisationsRequest* request,
                                             v1::ListOrganisationsResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.organisations().ListOrganisations(caller, *request);
  });
}

grpc::Status PlansService::ListSubordinates(grpc::ServerContext* context,
                                            const v1::ListSubordinatesRequest* request,
                                            v1::ListOrganisationsResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.organisations().ListSubordinates(caller, *request);
  });
}

grpc::Status PlansService::ResolveReportingRoute(grpc::ServerContext* context,
                                                 const v1::ResolveReportingRouteRequest* request,
                                                 v1::ReportingRoute* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.organisations().ResolveReportingRoute(caller, *request);
  });
}

grpc::Status PlansService::CreateImplementationPlan(
    grpc::ServerContext* context, const v1::CreateImplementationPlanRequest* request,
    v1::ImplementationPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.implementation_plans().CreateImplementationPlan(caller, *request);
  });
}

grpc::Status PlansService::UpdateImplementationPlan(
    grpc::ServerContext* context, const v1::UpdateImplementationPlanRequest* request,
    v1::ImplementationPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.implementation_plans().UpdateImplementationPlan(caller, *request);
  });
}

grpc::Status PlansService::PublishImplementationPlan(
    grpc::ServerContext* context, const v1::PublishImplementationPlanRequest* request,
    v1::ImplementationPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.implementation_plans().PublishImplementationPlan(caller, *request);
  });
}

grpc::Status PlansService::AmendImplementationPlan(
    grpc::ServerContext* context, const v1::AmendImplementationPlanRequest* request,
    v1::ImplementationPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.implementation_plans().AmendImplementationPlan(caller, *request);
  });
}

grpc::Status PlansService::GetImplementationPlan(grpc::ServerContext* context,
                                                 const v1::GetImplementationPlanRequest* request,
                                                 v1::ImplementationPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.implementation_plans().GetImplementationPlan(caller, *request);
  });
}

grpc::Status PlansService::ListImplementationPlanVersions(
    grpc::ServerContext* context, const v1::ListImplementationPlanVersionsRequest* request,
    v1::ListImplementationPlanVersionsResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.implementation_plans().ListImplementationPlanVersions(caller, *request);
  });
}

grpc::Status PlansService::CreateExecutionPlan(grpc::ServerContext* context,
                                               const v1::CreateExecutionPlanRequest* request,
                                               v1::ExecutionPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.execution_plans().CreateExecutionPlan(caller, *request);
  });
}

grpc::Status PlansService::UpdateExecutionPlan(grpc::ServerContext* context,
                                               const v1::UpdateExecutionPlanRequest* request,
                                               v1::ExecutionPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.execution_plans().UpdateExecutionPlan(caller, *request);
  });
}

grpc::Status PlansService::ApproveExecutionPlan(grpc::ServerContext* context,
                                                const v1::ApproveExecutionPlanRequest* request,
                                                v1::ExecutionPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.execution_plans().ApproveExecutionPlan(caller, *request);
  });
}

grpc::Status PlansService::PublishExecutionPlan(grpc::ServerContext* context,
                                                const v1::PublishExecutionPlanRequest* request,
                                                v1::ExecutionPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.execution_plans().PublishExecutionPlan(caller, *request);
  });
}

grpc::Status PlansService::GetExecutionPlan(grpc::ServerContext* context,
                                            const v1::GetExecutionPlanRequest* request,
                                            v1::ExecutionPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.execution_plans().GetExecutionPlan(caller, *request);
  });
}

grpc::Status PlansService::ListExecutionPlans(grpc::ServerContext* context,
                                              const v1::ListExecutionPlansRequest* request,
                                              v1::ListExecutionPlansResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
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

grpc::Status PlansService::ListAuditRecords(grpc::ServerContext* context,
                                            const v1::ListAuditRecordsRequest* request,
                                            v1::ListAuditRecordsResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.ListAuditRecords(caller, *request);
  });
}

grpc::Status PlansService::VerifyAuditTrail(grpc::ServerContext* context,
                                            const v1::VerifyAuditTrailRequest* request,
                                            v1::AuditVerification* response) {
  return Serve(authenticator_, context, response,
               [&](const v1::Principal& caller) { return registry_.VerifyAuditTrail(caller); });
}

}  // namespace svcup::plans
