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

}  // namespace svcup::plans
