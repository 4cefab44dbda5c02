#include "services/reports/report_registry.h"

#include "absl/container/flat_hash_map.h"
#include "common/auth/policy.h"
#include "common/status/macros.h"
#include "common/storage/audit_listing.h"
#include "services/reports/report_rules.h"

namespace svcup::reports {

absl::StatusOr<v1::ListAuditRecordsResponse> ReportRegistry::ListAuditRecords(
    const v1::Principal& caller, const v1::ListAuditRecordsRequest& request) {
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  RETURN_IF_ERROR(Authorize(caller, Action::kReadAudit, directory->root(), directory->tree(),
                            "read the audit trail"));
  return storage::ListAuditPage(store_, request);
}

absl::StatusOr<v1::AuditVerification> ReportRegistry::VerifyAuditTrail(
    const v1::Principal& caller) {
  ASSIGN_OR_RETURN(auto directory, plans_.Directory());
  RETURN_IF_ERROR(Authorize(caller, Action::kReadAudit, directory->root(), directory->tree(),
                            "verify the audit trail"));
  v1::AuditVerification result;
  RETURN_IF_ERROR(store_.Read([&](ReportTransaction& tx) -> absl::Status {
    // The digest the trail recorded for each submitted revision ("..., content sha256:..."),
    // gathered while the chain is walked.
    absl::flat_hash_map<std::string, std::string> audited;
    ASSIGN_OR_RETURN(result, storage::VerifyAuditChain(tx, [&](const v1::AuditRecord& record) {
                       const size_t at = record.detail().rfind("content sha256:");
                       if (record.action() == "SubmitReport" && at != std::string::npos) {
                         audited[record.target()] = record.detail().substr(at + 8);
                       }
                     }));
    if (!result.intact()) return absl::OkStatus();
    for (int64_t after = 0;;) {
      ASSIGN_OR_RETURN(auto page, tx.RevisionsAfter(after, 200));
      if (page.empty()) break;
      for (const ReportTransaction::StoredRevision& stored : page) {
        after = stored.position;
        const v1::ReportRevision& revision = stored.revision;
        result.set_revisions_checked(result.revisions_checked() + 1);
        const std::string recomputed = ContentDigest(revision.content());
        auto recorded = audited.find(revision.name());
        if (recomputed != revision.content_digest() ||
            (recorded != audited.end() && recorded->second != recomputed)) {
          result.set_intact(false);
          result.set_problem(
              absl::StrCat(revision.name(),
                           " no longer has the content it was submitted with (its content's "
                           "digest is ",
                           recomputed, ", the trail recorded ",
                           recorded == audited.end() ? revision.content_digest() : recorded->second,
                           "): rewritten"));
          return absl::OkStatus();
        }
      }
    }
    return absl::OkStatus();
  }));
  return result;
}

}  // namespace svcup::reports
