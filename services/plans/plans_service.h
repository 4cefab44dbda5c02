// The gRPC face of the plans service: each handler authenticates, hands the request to the
// PlanRegistry and converts the status. No rules here.
#ifndef SVCUP_SERVICES_PLANS_PLANS_SERVICE_H_
#define SVCUP_SERVICES_PLANS_PLANS_SERVICE_H_

#include "common/auth/authenticator.h"
#include "common/server/callback_methods.h"
#include "common/server/worker_pool.h"
#include "services/plans/plan_registry.h"
#include "svcup/v1/plans.grpc.pb.h"

namespace svcup::plans {

// svcup.v1.PlanRegistry over a PlanRegistry.
class PlansService final : public WithCallbackMethods<
                               v1::PlanRegistry::Service,
                               v1::PlanRegistry::WithCallbackMethod_ListImplementationPlanVersions,
                               v1::PlanRegistry::WithCallbackMethod_GetOrganisation,
                               v1::PlanRegistry::WithRawCallbackMethod_ListOrganisations,
                               v1::PlanRegistry::WithCallbackMethod_ListSubordinates,
                               v1::PlanRegistry::WithCallbackMethod_ResolveReportingRoute,
                               v1::PlanRegistry::WithCallbackMethod_CreateImplementationPlan,
                               v1::PlanRegistry::WithCallbackMethod_UpdateImplementationPlan,
                               v1::PlanRegistry::WithCallbackMethod_PublishImplementationPlan,
                               v1::PlanRegistry::WithCallbackMethod_AmendImplementationPlan,
                               v1::PlanRegistry::WithCallbackMethod_GetImplementationPlan,
                               v1::PlanRegistry::WithCallbackMethod_CreateExecutionPlan,
                               v1::PlanRegistry::WithCallbackMethod_UpdateExecutionPlan,
                               v1::PlanRegistry::WithCallbackMethod_ApproveExecutionPlan,
                               v1::PlanRegistry::WithCallbackMethod_PublishExecutionPlan,
                               v1::PlanRegistry::WithRawCallbackMethod_GetExecutionPlan,
                               v1::PlanRegistry::WithCallbackMethod_ListExecutionPlans,
                               v1::PlanRegistry::WithCallbackMethod_ListAuditRecords,
                               v1::PlanRegistry::WithCallbackMethod_VerifyAuditTrail> {
 public:
  // Both must outlive the service. Unary calls run on `workers` threads of the service's own;
  // at most `max_version_streams` WatchPlanVersions streams are open at once.
  PlansService(PlanRegistry& registry, const Authenticator& authenticator,
               WorkerLimits workers = {}, int max_version_streams = 64)
      : registry_(registry),
        authenticator_(authenticator),
        workers_(workers),
        max_version_streams_(max_version_streams) {}

  grpc::ServerUnaryReactor* GetOrganisation(grpc::CallbackServerContext* context,
                                            const v1::GetOrganisationRequest* request,
                                            v1::Organisation* response) override;
  // Raw (encoded request and answer): see Organisations::ListOrganisationsEncoded.
  grpc::ServerUnaryReactor* ListOrganisations(grpc::CallbackServerContext* context,
                                              const grpc::ByteBuffer* request,
                                              grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListSubordinates(grpc::CallbackServerContext* context,
                                             const v1::ListSubordinatesRequest* request,
                                             v1::ListOrganisationsResponse* response) override;
  grpc::ServerUnaryReactor* ResolveReportingRoute(grpc::CallbackServerContext* context,
                                                  const v1::ResolveReportingRouteRequest* request,
                                                  v1::ReportingRoute* response) override;
  grpc::ServerUnaryReactor* CreateImplementationPlan(
      grpc::CallbackServerContext* context, const v1::CreateImplementationPlanRequest* request,
      v1::ImplementationPlan* response) override;
  grpc::ServerUnaryReactor* UpdateImplementationPlan(
      grpc::CallbackServerContext* context, const v1::UpdateImplementationPlanRequest* request,
      v1::ImplementationPlan* response) override;
  grpc::ServerUnaryReactor* PublishImplementationPlan(
      grpc::CallbackServerContext* context, const v1::PublishImplementationPlanRequest* request,
      v1::ImplementationPlan* response) override;
  grpc::ServerUnaryReactor* AmendImplementationPlan(
      grpc::CallbackServerContext* context, const v1::AmendImplementationPlanRequest* request,
      v1::ImplementationPlan* response) override;
  grpc::ServerUnaryReactor* GetImplementationPlan(grpc::CallbackServerContext* context,
                                                  const v1::GetImplementationPlanRequest* request,
                                                  v1::ImplementationPlan* response) override;
  grpc::ServerUnaryReactor* ListImplementationPlanVersions(
      grpc::CallbackServerContext* context,
      const v1::ListImplementationPlanVersionsRequest* request,
      v1::ListImplementationPlanVersionsResponse* response) override;
  grpc::Status WatchPlanVersions(grpc::ServerContext* context,
                                 const v1::WatchPlanVersionsRequest* request,
                                 grpc::ServerWriter<v1::PlanVersions>* writer) override;
  grpc::ServerUnaryReactor* CreateExecutionPlan(grpc::CallbackServerContext* context,
                                                const v1::CreateExecutionPlanRequest* request,
                                                v1::ExecutionPlan* response) override;
  grpc::ServerUnaryReactor* UpdateExecutionPlan(grpc::CallbackServerContext* context,
                                                const v1::UpdateExecutionPlanRequest* request,
                                                v1::ExecutionPlan* response) override;
  grpc::ServerUnaryReactor* ApproveExecutionPlan(grpc::CallbackServerContext* context,
                                                 const v1::ApproveExecutionPlanRequest* request,
                                                 v1::ExecutionPlan* response) override;
  grpc::ServerUnaryReactor* PublishExecutionPlan(grpc::CallbackServerContext* context,
                                                 const v1::PublishExecutionPlanRequest* request,
                                                 v1::ExecutionPlan* response) override;
  // Raw (encoded request and answer): see ExecutionPlans::GetExecutionPlanEncoded.
  grpc::ServerUnaryReactor* GetExecutionPlan(grpc::CallbackServerContext* context,
                                             const grpc::ByteBuffer* request,
                                             grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListExecutionPlans(grpc::CallbackServerContext* context,
                                               const v1::ListExecutionPlansRequest* request,
                                               v1::ListExecutionPlansResponse* response) override;
  grpc::Status ExportExecutionPlans(grpc::ServerContext* context,
                                    const v1::ExportExecutionPlansRequest* request,
                                    grpc::ServerWriter<v1::Document>* writer) override;
  grpc::ServerUnaryReactor* ListAuditRecords(grpc::CallbackServerContext* context,
                                             const v1::ListAuditRecordsRequest* request,
                                             v1::ListAuditRecordsResponse* response) override;
  grpc::ServerUnaryReactor* VerifyAuditTrail(grpc::CallbackServerContext* context,
                                             const v1::VerifyAuditTrailRequest* request,
                                             v1::AuditVerification* response) override;

 private:
  PlanRegistry& registry_;
  const Authenticator& authenticator_;
  WorkerPool workers_;
  const int max_version_streams_;
};

}  // namespace svcup::plans

#endif  // SVCUP_SERVICES_PLANS_PLANS_SERVICE_H_
