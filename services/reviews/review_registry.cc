#include "services/reviews/review_registry.h"

#include "common/auth/policy.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "common/storage/audit_listing.h"
#include "services/reviews/review_store.h"

namespace svcup::reviews {

absl::StatusOr<v1::ListAuditRecordsResponse> ReviewRegistry::ListAuditRecords(
    const v1::Principal& caller, const v1::ListAuditRecordsRequest& request) {
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  RETURN_IF_ERROR(Authorize(caller, Action::kReadAudit, directory->root(), directory->tree(),
                            "read the audit trail"));
  return storage::ListAuditPage(store_, request);
}

absl::StatusOr<ReviewRegistry::StateCounts> ReviewRegistry::CountState() {
  const int today = DayNumber(DateToProto(TaipeiDate(clock_.Now())));
  StateCounts counts;
  if (auto s = store_.Read([&](ReviewTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto packages, tx.ListAllLatestPackages());
        counts.packages = std::move(packages);
        ASSIGN_OR_RETURN(auto deficiencies, tx.CountOpenDeficiencies(today));
        counts.deficiencies = std::move(deficiencies);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return counts;
}

absl::StatusOr<v1::AuditVerification> ReviewRegistry::VerifyAuditTrail(
    const v1::Principal& caller) {
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  RETURN_IF_ERROR(Authorize(caller, Action::kReadAudit, directory->root(), directory->tree(),
                            "verify the audit trail"));
  v1::AuditVerification result;
  RETURN_IF_ERROR(store_.Read([&](ReviewTransaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(result, storage::VerifyAuditChain(tx));
    return absl::OkStatus();
  }));
  return result;
}

}  // namespace svcup::reviews
