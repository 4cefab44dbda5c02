// Drafts written in YAML: converts a YAML document into the protobuf JSON mapping of a message,
// guided by the message's descriptor so that `measure_code: 2.3` stays the string "2.3" while
// `value: 4.2` stays a number.
#ifndef SVCUP_TOOLS_SVCUP_YAML_JSON_H_
#define SVCUP_TOOLS_SVCUP_YAML_JSON_H_

#include <google/protobuf/descriptor.h>

#include <string>

#include "absl/status/statusor.h"

namespace svcup::cli {

// The JSON text of the YAML document `yaml`, read as a `descriptor` message. INVALID_ARGUMENT
// with the line and column of a YAML syntax error. Field names the message does not have are
// passed through, so the JSON parser names them in its error.
absl::StatusOr<std::string> YamlToJson(const std::string& yaml,
                                       const google::protobuf::Descriptor& descriptor);

// The JSON text `json` as block-style YAML (for templates to fill in).
std::string JsonToYaml(const std::string& json);

}  // namespace svcup::cli

#endif  // SVCUP_TOOLS_SVCUP_YAML_JSON_H_
