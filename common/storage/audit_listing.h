// One page of a service's audit trail, for every service's ListAuditRecords (after the caller
// was authorised).
#ifndef SVCUP_COMMON_STORAGE_AUDIT_LISTING_H_
#define SVCUP_COMMON_STORAGE_AUDIT_LISTING_H_

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/page_budget.h"
#include "common/api/paging.h"
#include "svcup/v1/common.pb.h"

namespace svcup::storage {

// Reads the page `request` asks for from `store` (whose Transaction is a LedgerTransaction).
// INVALID_ARGUMENT for a bad page_size or page_token.
template <typename Store>
absl::StatusOr<v1::ListAuditRecordsResponse> ListAuditPage(
    Store& store, const v1::ListAuditRecordsRequest& request) {
  const std::string filters = absl::StrCat(request.target_prefix(), "|", request.after_sequence());
  auto page = ParsePageRequest(request.page_size(), request.page_token(), filters);
  if (!page.ok()) return page.status();
  int64_t after = request.after_sequence();
  if (!page->after_key.empty() && !absl::SimpleAtoi(page->after_key, &after)) {
    return absl::InvalidArgumentError("page_token: is not a token of this list");
  }
  v1::ListAuditRecordsResponse response;
  const absl::Status status = store.Read([&](typename Store::Transaction& tx) -> absl::Status {
    auto records = tx.ListAudit(request.target_prefix(), after, page->limit + 1);
    if (!records.ok()) return records.status();
    PageBudget budget(page->limit);
    for (v1::AuditRecord& r : *records) {
      if (!budget.Admit(r.ByteSizeLong())) {
        response.set_next_page_token(
            MakePageToken(absl::StrCat(response.records().rbegin()->sequence()), filters));
        break;
      }
      *response.add_records() = std::move(r);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

}  // namespace svcup::storage

#endif  // SVCUP_COMMON_STORAGE_AUDIT_LISTING_H_
