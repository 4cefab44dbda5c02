// Report content and reading batches as an agency system could send them (any bytes that parse
// as the messages): the checks and the content digest never crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "services/reports/report_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  svcup::v1::ReportContent content;
  if (content.ParseFromString(bytes)) {
    svcup::v1::ImplementationPlanContent plan;
    plan.add_strategies()->set_code("2");
    plan.mutable_strategies(0)->add_measures()->set_code("2.3");
    svcup::v1::ReportingPeriod period;
    period.set_number(1);
    (void)svcup::reports::ValidateReportContent(content, plan, period);
    (void)svcup::reports::CheckReadyToSubmit(content);
    (void)svcup::reports::ContentDigest(content);
  }
  svcup::v1::RecordReadingsRequest batch;
  if (batch.ParseFromString(bytes)) {
    (void)svcup::reports::ValidateReadingBatch(batch, absl::FromUnixSeconds(1530000000));
  }
  return 0;
}
