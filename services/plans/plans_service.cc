#include "services/plans/plans_service.h"

#include "common/server/handler.h"

namespace svcup::plans {

grpc::Status PlansService::GetOrganisation(grpc::ServerContext* context,
                                           const v1::GetOrganisationRequest* request,
                                           v1::Organisation* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.GetOrganisation(caller, *request);
  });
}

grpc::Status PlansService::ListOrganisations(grpc::ServerContext* context,
                                             const v1::ListOrganisationsRequest* request,
                                             v1::ListOrganisationsResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.ListOrganisations(caller, *request);
  });
}

grpc::Status PlansService::ListSubordinates(grpc::ServerContext* context,
                                            const v1::ListSubordinatesRequest* request,
                                            v1::ListOrganisationsResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.ListSubordinates(caller, *request);
  });
}

grpc::Status PlansService::ResolveReportingRoute(grpc::ServerContext* context,
                                                 const v1::ResolveReportingRouteRequest* request,
                                                 v1::ReportingRoute* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.ResolveReportingRoute(caller, *request);
  });
}

grpc::Status PlansService::CreateImplementationPlan(
    grpc::ServerContext* context, const v1::CreateImplementationPlanRequest* request,
    v1::ImplementationPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.CreateImplementationPlan(caller, *request);
  });
}

grpc::Status PlansService::UpdateImplementationPlan(
    grpc::ServerContext* context, const v1::UpdateImplementationPlanRequest* request,
    v1::ImplementationPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.UpdateImplementationPlan(caller, *request);
  });
}

grpc::Status PlansService::PublishImplementationPlan(
    grpc::ServerContext* context, const v1::PublishImplementationPlanRequest* request,
    v1::ImplementationPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.PublishImplementationPlan(caller, *request);
  });
}

grpc::Status PlansService::AmendImplementationPlan(
    grpc::ServerContext* context, const v1::AmendImplementationPlanRequest* request,
    v1::ImplementationPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.AmendImplementationPlan(caller, *request);
  });
}

grpc::Status PlansService::GetImplementationPlan(grpc::ServerContext* context,
                                                 const v1::GetImplementationPlanRequest* request,
                                                 v1::ImplementationPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.GetImplementationPlan(caller, *request);
  });
}

grpc::Status PlansService::ListImplementationPlanVersions(
    grpc::ServerContext* context, const v1::ListImplementationPlanVersionsRequest* request,
    v1::ListImplementationPlanVersionsResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.ListImplementationPlanVersions(caller, *request);
  });
}

grpc::Status PlansService::CreateExecutionPlan(grpc::ServerContext* context,
                                               const v1::CreateExecutionPlanRequest* request,
                                               v1::ExecutionPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.CreateExecutionPlan(caller, *request);
  });
}

grpc::Status PlansService::UpdateExecutionPlan(grpc::ServerContext* context,
                                               const v1::UpdateExecutionPlanRequest* request,
                                               v1::ExecutionPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.UpdateExecutionPlan(caller, *request);
  });
}

grpc::Status PlansService::ApproveExecutionPlan(grpc::ServerContext* context,
                                                const v1::ApproveExecutionPlanRequest* request,
                                                v1::ExecutionPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.ApproveExecutionPlan(caller, *request);
  });
}

grpc::Status PlansService::PublishExecutionPlan(grpc::ServerContext* context,
                                                const v1::PublishExecutionPlanRequest* request,
                                                v1::ExecutionPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.PublishExecutionPlan(caller, *request);
  });
}

grpc::Status PlansService::GetExecutionPlan(grpc::ServerContext* context,
                                            const v1::GetExecutionPlanRequest* request,
                                            v1::ExecutionPlan* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.GetExecutionPlan(caller, *request);
  });
}

grpc::Status PlansService::ListExecutionPlans(grpc::ServerContext* context,
                                              const v1::ListExecutionPlansRequest* request,
                                              v1::ListExecutionPlansResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.ListExecutionPlans(caller, *request);
  });
}

grpc::Status PlansService::ExportExecutionPlans(grpc::ServerContext* context,
                                                const v1::ExportExecutionPlansRequest* request,
                                                v1::Document* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.ExportExecutionPlans(caller, *request);
  });
}

grpc::Status PlansService::ListAuditRecords(grpc::ServerContext* context,
                                            const v1::ListAuditRecordsRequest* request,
                                            v1::ListAuditRecordsResponse* response) {
  return Serve(authenticator_, context, response, [&](const v1::Principal& caller) {
    return registry_.ListAuditRecords(caller, *request);
  });
}

}  // namespace svcup::plans
