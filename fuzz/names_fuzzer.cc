// Resource names, input checks and quoting, on arbitrary text: no crash, and every refusal's
// message stays short whatever the input (the quoting bound).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/api/names.h"
#include "common/api/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto bounded = [](const absl::Status& s) {
    if (s.message().size() > 400) std::abort();  // a message that grows with its input
  };
  bounded(svcup::ParseReportName("name", text).status());
  bounded(svcup::ParseRevisionName("name", text).status());
  bounded(svcup::ParseOrganisationName("name", text).status());
  bounded(svcup::MatchName("name", text, "orgs/{}/inspections/{}").status());
  bounded(svcup::ParseNumberSegment("name", "version", text, 1, 999999).status());
  bounded(svcup::CheckText("field", text, 1, 200, true));
  bounded(svcup::CheckUrl("field", text));
  bounded(svcup::CheckRequestId(text));
  if (svcup::Quote(text).size() > 2 * 32 * 4 + 40) std::abort();  // Quote's bound
  (void)svcup::OrganisationCodeOf(text);
  return 0;
}
