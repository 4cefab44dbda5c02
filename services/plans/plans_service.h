// The gRPC face of the plans service: each handler authenticates, hands the request to the
// PlanRegistry and converts the status. No rules here.
#ifndef SVCUP_SERVICES_PLANS_PLANS_SERVICE_H_
#define SVCUP_SERVICES_PLANS_PLANS_SERVICE_H_

#include "common/auth/authenticator.h"
#include "services/plans/plan_registry.h"
#include "svcup/v1/plans.grpc.pb.h"

namespace svcup::plans {

// svcup.v1.PlanRegistry over a PlanRegistry.
class PlansService final : public v1::PlanRegistry::Service {
 public:
  // Both must outlive the service.
  PlansService(PlanRegistry& registry, const Authenticator& authenticator)
      : registry_(registry), authenticator_(authenticator) {}

  grpc::Status GetOrganisation(grpc::ServerContext* context,
                               const v1::GetOrganisationRequest* request,
                               v1::Organisation* response) override;
  grpc::Status ListOrganisations(grpc::ServerContext* context,
                                 const v1::ListOrganisationsRequest* request,
                                 v1::ListOrganisationsResponse* response) override;
  grpc::Status ListSubordinates(grpc::ServerContext* context,
                                const v1::ListSubordinatesRequest* request,
                                v1::ListOrganisationsResponse* response) override;
  grpc::Status ResolveReportingRoute(grpc::ServerContext* context,
                                     const v1::ResolveReportingRouteRequest* request,
                                     v1::ReportingRoute* response) override;
  grpc::Status CreateImplementationPlan(grpc::ServerContext* context,
                                        const v1::CreateImplementationPlanRequest* request,
                                        v1::ImplementationPlan* response) override;
  grpc::Status UpdateImplementationPlan(grpc::ServerContext* context,
                                        const v1::UpdateImplementationPlanRequest* request,
                                        v1::ImplementationPlan* response) override;
  grpc::Status PublishImplementationPlan(grpc::ServerContext* context,
                                         const v1::PublishImplementationPlanRequest* request,
                                         v1::ImplementationPlan* response) override;
  grpc::Status AmendImplementationPlan(grpc::ServerContext* context,
                                       const v1::AmendImplementationPlanRequest* request,
                                       v1::ImplementationPlan* response) override;
  grpc::Status GetImplementationPlan(grpc::ServerContext* context,
                                     const v1::GetImplementationPlanRequest* request,
                                     v1::ImplementationPlan* response) override;
  grpc::Status ListImplementationPlanVersions(
      grpc::ServerContext* context, const v1::ListImplementationPlanVersionsRequest* request,
      v1::ListImplementationPlanVersionsResponse* response) override;
  grpc::Status CreateExecutionPlan(grpc::ServerContext* context,
                                   const v1::CreateExecutionPlanRequest* request,
                                   v1::ExecutionPlan* response) override;
  grpc::Status UpdateExecutionPlan(grpc::ServerContext* context,
                                   const v1::UpdateExecutionPlanRequest* request,
                                   v1::ExecutionPlan* response) override;
  grpc::Status ApproveExecutionPlan(grpc::ServerContext* context,
                                    const v1::ApproveExecutionPlanRequest* request,
                                    v1::ExecutionPlan* response) override;
  grpc::Status PublishExecutionPlan(grpc::ServerContext* context,
                                    const v1::PublishExecutionPlanRequest* request,
                                    v1::ExecutionPlan* response) override;
  grpc::Status GetExecutionPlan(grpc::ServerContext* context,
                                const v1::GetExecutionPlanRequest* request,
                                v1::ExecutionPlan* response) override;
  grpc::Status ListExecutionPlans(grpc::ServerContext* context,
                                  const v1::ListExecutionPlansRequest* request,
                                  v1::ListExecutionPlansResponse* response) override;
  grpc::Status ExportExecutionPlans(grpc::ServerContext* context,
                                    const v1::ExportExecutionPlansRequest* request,
                                    grpc::ServerWriter<v1::Document>* writer) override;
  grpc::Status ListAuditRecords(grpc::ServerContext* context,
                                const v1::ListAuditRecordsRequest* request,
                                v1::ListAuditRecordsResponse* response) override;
  grpc::Status VerifyAuditTrail(grpc::ServerContext* context,
                                const v1::VerifyAuditTrailRequest* request,
                                v1::AuditVerification* response) override;

 private:
  PlanRegistry& registry_;
  const Authenticator& authenticator_;
};

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_PLANS_SERVICE_H_
