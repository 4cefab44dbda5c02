// YAML drafts, as svcup reads them (report drafts and execution plans): converting any text to
// JSON never crashes, and what converts parses or is refused by protobuf's JSON parser.
#include <google/protobuf/util/json_util.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "svcup/v1/plans.pb.h"
#include "svcup/v1/reports.pb.h"
#include "tools/svcup/yaml_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string yaml(reinterpret_cast<const char*>(data), size);
  svcup::v1::ReportContent report;
  if (auto json = svcup::cli::YamlToJson(yaml, *report.GetDescriptor()); json.ok()) {
    (void)google::protobuf::util::JsonStringToMessage(*json, &report);
  }
  svcup::v1::ExecutionPlanContent plan;
  if (auto json = svcup::cli::YamlToJson(yaml, *plan.GetDescriptor()); json.ok()) {
    (void)google::protobuf::util::JsonStringToMessage(*json, &plan);
    (void)svcup::cli::JsonToYaml(*json);
  }
  return 0;
}
