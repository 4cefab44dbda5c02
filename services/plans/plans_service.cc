#include "services/plans/plans_service.h"

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/server/byte_buffers.h"
#include "common/server/handler.h"
#include "common/status/macros.h"

namespace svcup::plans {

grpc::ServerUnaryReactor* PlansService::GetOrganisation(grpc::CallbackServerContext* context,
                                                        const v1::GetOrganisationRequest* request,
                                                        v1::Organisation* response) {
  return ServeUnary(workers_, authenticator_, context, response,
                    [=, this](const v1::Principal& caller) {
                      return registry_.organisations().GetOrganisation(caller, *request);
                    });
}

grpc::ServerUnaryReactor* PlansService::ListOrganisations(grpc::CallbackServerContext* context,
                                                          const grpc::ByteBuffer* request,
                                                          grpc::ByteBuffer* response) {
  // Raw: the answer is sent in the encoded form the registry keeps.
  return ServeEncodedUnary<v1::ListOrganisationsRequest>(
      workers_, authenticator_, context, request, response,
      [this](const v1::Principal& caller, const v1::ListOrganisationsRequest& decoded) {
        return registry_.organisations().ListOrganisationsEncoded(caller, decoded);
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
                                                         const grpc::ByteBuffer* request,
                                                         grpc::ByteBuffer* response) {
  // Raw: a published plan is sent in the encoded form the registry keeps.
  return ServeEncodedUnary<v1::GetExecutionPlanRequest>(
      workers_, authenticator_, context, request, response,
      [this](const v1::Principal& caller, const v1::GetExecutionPlanRequest& decoded) {
        return registry_.execution_plans().GetExecutionPlanEncoded(caller, decoded);
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

grpc::Status PlansService::WatchPlanVersions(grpc::ServerContext* context,
                                             const v1::WatchPlanVersionsRequest* /*request*/,
                                             grpc::ServerWriter<v1::PlanVersions>* writer) {
  return ServeStream(authenticator_, context, [&](const v1::Principal& caller) -> absl::Status {
    EventNotifier& versions = registry_.plan_versions();
    if (versions.OpenStreams() >= max_version_streams_) {
      return absl::ResourceExhaustedError(
          absl::StrCat(max_version_streams_,
                       " plan version streams are open, the most this server keeps; "
                       "ask GetImplementationPlan meanwhile and retry later"));
    }
    const int64_t stream = versions.StreamOpened(absl::Now());
    absl::Cleanup closed = [&] { versions.StreamClosed(stream); };
    // Each message renews the lease: send one at least every third of it, and at once when a
    // version changes (here or, through the database, on another replica within that third).
    const absl::Duration renew = registry_.implementation_plans().version_lease() / 3;
    while (!context->IsCancelled()) {
      const uint64_t generation = versions.generation();
      ASSIGN_OR_RETURN(auto in_force, registry_.implementation_plans().PlanVersionsInForce(caller));
      if (!writer->Write(in_force)) return absl::CancelledError("the client went away");
      versions.CaughtUp(stream, absl::Now());
      if (!versions.WaitForChange(generation, renew)) {
        return absl::UnavailableError(
            "the plans service is shutting down; ask GetImplementationPlan and watch again");
      }
    }
    return absl::CancelledError("the client went away");
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
