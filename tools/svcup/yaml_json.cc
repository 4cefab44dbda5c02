#include "tools/svcup/yaml_json.h"

#include <yaml-cpp/yaml.h>

#include <regex>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/server/log.h"
#include "common/status/macros.h"

namespace svcup::cli {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

void AppendJsonString(const std::string& text, std::string& out) {
  absl::StrAppend(&out, "\"", JsonEscape(text), "\"");
}

bool IsJsonNumber(const std::string& text) {
  static const std::regex number(R"(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?)");
  return std::regex_match(text, number);
}

// YAML 1.2 core schema words for booleans and null, as JSON writes them ("" if neither).
std::string CoreSchemaWord(const std::string& text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == "true" || lower == "false") return lower;
  if (lower == "null" || text == "~" || text.empty()) return "null";
  return "";
}

// A scalar as JSON: `field` (null when unknown) decides whether it is a string or a literal.
void AppendScalar(const YAML::Node& node, const FieldDescriptor* field, std::string& out) {
  const std::string& text = node.Scalar();
  const bool quoted = node.Tag() == "!";
  if (field == nullptr) {
    const std::string word = CoreSchemaWord(text);
    if (!quoted && !word.empty()) {
      out += word;
    } else if (!quoted && IsJsonNumber(text)) {
      out += text;
    } else {
      AppendJsonString(text, out);
    }
    return;
  }
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL: {
      const std::string word = CoreSchemaWord(text);
      if (word == "true" || word == "false") {
        out += word;
      } else {
        AppendJsonString(text, out);  // the JSON parser names the field and the bad value
      }
      return;
    }
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      if (!quoted && IsJsonNumber(text)) {
        out += text;
      } else {
        AppendJsonString(text, out);  // protobuf's JSON mapping accepts numbers as strings
      }
      return;
    default:  // strings, bytes, enum names, well-known types written as strings
      AppendJsonString(text, out);
  }
}

absl::Status AppendNode(const YAML::Node& node, const Descriptor* message,
                        const FieldDescriptor* field, std::string& out);

absl::Status AppendMap(const YAML::Node& node, const Descriptor* message, std::string& out) {
  out.push_back('{');
  bool first = true;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "line ", entry.first.Mark().line + 1, ": a key must be a plain name"));
    }
    const std::string key = entry.first.Scalar();
    const FieldDescriptor* field = nullptr;
    if (message != nullptr) {
      field = message->FindFieldByName(key);
      if (field == nullptr) field = message->FindFieldByCamelcaseName(key);
    }
    if (!first) out.push_back(',');
    first = false;
    AppendJsonString(key, out);
    out.push_back(':');
    const Descriptor* value_message =
        field != nullptr && field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE
            ? field->message_type()
            : nullptr;
    if (field != nullptr && field->is_map()) {
      // A map field's value is a mapping of keys to the map entry's "value" field.
      const FieldDescriptor* value_field = field->message_type()->FindFieldByName("value");
      if (!entry.second.IsMap()) {
        AppendScalar(entry.second, nullptr, out);
        continue;
      }
      out.push_back('{');
      bool first_entry = true;
      for (const auto& item : entry.second) {
        if (!first_entry) out.push_back(',');
        first_entry = false;
        AppendJsonString(item.first.Scalar(), out);
        out.push_back(':');
        const Descriptor* item_message =
            value_field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE
                ? value_field->message_type()
                : nullptr;
        RETURN_IF_ERROR(AppendNode(item.second, item_message, value_field, out));
      }
      out.push_back('}');
      continue;
    }
    RETURN_IF_ERROR(AppendNode(entry.second, value_message, field, out));
  }
  out.push_back('}');
  return absl::OkStatus();
}

absl::Status AppendNode(const YAML::Node& node, const Descriptor* message,
                        const FieldDescriptor* field, std::string& out) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return AppendMap(node, message, out);
    case YAML::NodeType::Sequence: {
      out.push_back('[');
      for (size_t i = 0; i < node.size(); ++i) {
        if (i > 0) out.push_back(',');
        RETURN_IF_ERROR(AppendNode(node[i], message, field, out));
      }
      out.push_back(']');
      return absl::OkStatus();
    }
    case YAML::NodeType::Scalar:
      AppendScalar(node, field, out);
      return absl::OkStatus();
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      out += "null";
      return absl::OkStatus();
  }
  return absl::OkStatus();
}

// Makes every mapping and sequence under `node` block style.
void UseBlockStyle(YAML::Node node) {
  if (node.IsMap() || node.IsSequence()) {
    node.SetStyle(YAML::EmitterStyle::Block);
    for (auto it = node.begin(); it != node.end(); ++it) {
      UseBlockStyle(node.IsMap() ? it->second : *it);
    }
  }
}

}  // namespace

std::string JsonToYaml(const std::string& json) {
  YAML::Node node = YAML::Load(json);
  UseBlockStyle(node);
  YAML::Emitter out;
  out << node;
  return std::string(out.c_str()) + "\n";
}

absl::StatusOr<std::string> YamlToJson(const std::string& yaml, const Descriptor& descriptor) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("line ", e.mark.line + 1, ", column ",
                                                   e.mark.column + 1, ": ", e.msg));
  }
  if (!root.IsMap()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the document must be a mapping of ", descriptor.full_name(), " field names"));
  }
  std::string json;
  try {
    RETURN_IF_ERROR(AppendMap(root, &descriptor, json));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("line ", e.mark.line + 1, ": ", e.msg));
  }
  return json;
}

}  // namespace svcup::cli
