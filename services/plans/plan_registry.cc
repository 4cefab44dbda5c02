#include "services/plans/plan_registry.h"

#include "common/auth/policy.h"
#include "common/status/macros.h"
#include "common/storage/audit_listing.h"

namespace svcup::plans {

absl::StatusOr<v1::ListAuditRecordsResponse> PlanRegistry::ListAuditRecords(
    const v1::Principal& caller, const v1::ListAuditRecordsRequest& request) {
  RETURN_IF_ERROR(Authorize(caller, Action::kReadAudit, directory_.root(), directory_.tree(),
                            "read the audit trail"));
  return storage::ListAuditPage(store_, request);
}

absl::StatusOr<v1::AuditVerification> PlanRegistry::VerifyAuditTrail(const v1::Principal& caller) {
  RETURN_IF_ERROR(Authorize(caller, Action::kReadAudit, directory_.root(), directory_.tree(),
                            "verify the audit trail"));
  v1::AuditVerification result;
  RETURN_IF_ERROR(store_.Read([&](PlanTransaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(result, storage::VerifyAuditChain(tx));
    return absl::OkStatus();
  }));
  return result;
}

}  // namespace svcup::plans
