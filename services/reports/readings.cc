#include "services/reports/readings.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/names.h"
#include "common/api/paging.h"
#include "common/api/validation.h"
#include "common/calendar/roc_calendar.h"
#include "common/status/macros.h"
#include "common/storage/ledger.h"
#include "services/reports/report_rules.h"
#include "services/reports/report_scope.h"

namespace svcup::reports {

absl::StatusOr<bool> Readings::RecordReadingBatch(const v1::Principal& caller,
                                                  const v1::RecordReadingsRequest& batch) {
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("organisation", batch.organisation()));
  const Action action = caller.role() == v1::ROLE_SERVICE ? Action::kServiceOnly : Action::kEditOwn;
  ASSIGN_OR_RETURN(auto scope,
                   OpenScope(plans_, "organisation", code, caller, action,
                             absl::StrCat("record readings of ", batch.organisation())));
  if (batch.batch_id().empty()) {
    return absl::InvalidArgumentError(
        "batch_id: is required (1..64 of [A-Za-z0-9._:-]); a batch resent after a broken "
        "stream is recognised by it");
  }
  RETURN_IF_ERROR(CheckClientKey("batch_id", batch.batch_id()));
  RETURN_IF_ERROR(ValidateReadingBatch(batch, clock_.Now()));
  bool stored = false;
  if (auto s = store_.Write([&](ReportTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto inserted, tx.InsertReadingBatch(batch, code));
        stored = inserted;
        if (!inserted) return absl::OkStatus();  // a resent batch changes nothing
        return storage::Audit(
            tx, caller, "RecordReadings", batch.organisation(), batch.batch_id(),
            absl::StrCat(batch.readings_size(), " readings in batch ", batch.batch_id()),
            clock_.Now());
      });
      !s.ok()) {
    return s;
  }
  return stored;
}

absl::StatusOr<v1::IndicatorSummary> Readings::GetIndicatorSummary(
    const v1::Principal& caller, const v1::GetIndicatorSummaryRequest& request) {
  ASSIGN_OR_RETURN(auto code, ParseOrganisationName("organisation", request.organisation()));
  ASSIGN_OR_RETURN(auto scope,
                   OpenScope(plans_, "organisation", code, caller, Action::kReadRestricted,
                             absl::StrCat("read the readings of ", request.organisation())));
  ASSIGN_OR_RETURN(auto period, OpenPeriod(plans_, request.year(), request.period()));
  const v1::Date& start = period.period.start_date();
  const v1::Date& end = period.period.end_date();
  const absl::Time from = StartOfTaipeiDay(CivilDayOf(start));
  const absl::Time to = StartOfTaipeiDay(CivilDayOf(end) + 1) - absl::Microseconds(1);
  v1::IndicatorSummary summary;
  summary.set_organisation(request.organisation());
  summary.set_year(request.year());
  summary.set_period(request.period());
  if (auto s = store_.Read([&](ReportTransaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(auto aggregates, tx.SummariseReadings(code, from, to));
        for (auto& a : aggregates) *summary.add_aggregates() = std::move(a);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return summary;
}

}  // namespace svcup::reports
