#include "services/reports/report_registry.h"

#include "common/auth/policy.h"
#include "common/status/macros.h"
#include "common/storage/audit_listing.h"

namespace svcup::reports {

absl::StatusOr<v1::ListAuditRecordsResponse> ReportRegistry::ListAuditRecords(
    const v1::Principal& caller, const v1::ListAuditRecordsRequest& request) {
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  RETURN_IF_ERROR(Authorize(caller, Action::kReadAudit, directory->root(), directory->tree(),
                            "read the audit trail"));
  return storage::ListAuditPage(store_, request);
}

}  // namespace svcup::reports
