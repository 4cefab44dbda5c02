#include "services/plans/plan_loader.h"

#include <google/protobuf/text_format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace svcup::plans {

absl::Status LoadShippedPlans(PlanRegistry& registry, const std::string& seed_dir) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(seed_dir, error)) {
    const std::string filename = entry.path().filename().native();
    absl::string_view file = filename;
    if (!absl::ConsumePrefix(&file, "implementation_plan_") ||
        !absl::ConsumeSuffix(&file, ".textproto")) {
      continue;
    }
    int year = 0;
    if (!absl::SimpleAtoi(file, &year)) {
      return absl::InvalidArgumentError(
          absl::StrCat(entry.path().native(), ": the file name must end in _<year>.textproto"));
    }
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    v1::ImplementationPlanContent content;
    if (!google::protobuf::TextFormat::ParseFromString(text.str(), &content)) {
      return absl::InvalidArgumentError(absl::StrCat(
          entry.path().native(), ": not a text-format svcup.v1.ImplementationPlanContent"));
    }
    if (auto s = registry.implementation_plans().LoadShippedPlan(year, content); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat(entry.path().native(), ": ", s.message()));
    }
  }
  if (error) {
    return absl::NotFoundError(absl::StrCat("cannot read seed folder ", seed_dir, ": ",
                                            error.message()));
  }
  return absl::OkStatus();
}

}  // namespace svcup::plans
