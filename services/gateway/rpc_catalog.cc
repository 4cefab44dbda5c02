#include "services/gateway/rpc_catalog.h"

#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "svcup/v1/plans.pb.h"
#include "svcup/v1/reports.pb.h"
#include "svcup/v1/reviews.pb.h"

namespace svcup::gateway {

namespace {

using google::protobuf::Message;

std::unique_ptr<Message> NewMessage(const google::protobuf::Descriptor* type) {
  return std::unique_ptr<Message>(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
}

// The parser's own words, at most 200 characters of them (they may quote the body).
std::string ParserSays(const google::protobuf::util::Status& status) {
  std::string said(status.message().data(), status.message().size());
  if (said.size() > 200) said = said.substr(0, 200) + "…";
  return said;
}

absl::StatusOr<std::unique_ptr<Message>> ParseRequest(const RpcRoute& route,
                                                      absl::string_view json) {
  std::unique_ptr<Message> request = NewMessage(route.method->input_type());
  if (json.find_first_not_of(" \t\r\n") == absl::string_view::npos) json = "{}";
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), request.get(), options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the body must be a ", route.method->input_type()->full_name(),
                     " in protobuf's JSON mapping: ", ParserSays(parsed)));
  }
  return request;
}

}  // namespace

RpcCatalog::RpcCatalog(const std::vector<const google::protobuf::ServiceDescriptor*>& services) {
  for (int s = 0; s < static_cast<int>(services.size()); ++s) {
    for (int m = 0; m < services[s]->method_count(); ++m) {
      const google::protobuf::MethodDescriptor* method = services[s]->method(m);
      by_path_[absl::StrCat("/", services[s]->full_name(), "/", method->name())] =
          static_cast<int>(routes_.size());
      routes_.push_back(
          {absl::StrCat("/", services[s]->full_name(), "/", method->name()), method, s});
    }
  }
}

RpcCatalog RpcCatalog::Suite() {
  // A message of each file names the file, and linking it in is what puts its services into the
  // generated pool.
  return RpcCatalog(
      {v1::GetOrganisationRequest::descriptor()->file()->FindServiceByName("PlanRegistry"),
       v1::GetReportRequest::descriptor()->file()->FindServiceByName("ProgressReports"),
       v1::GetReviewRequest::descriptor()->file()->FindServiceByName("Reviews")});
}

const RpcRoute* RpcCatalog::Find(absl::string_view path) const {
  auto it = by_path_.find(path);
  return it == by_path_.end() ? nullptr : &routes_[it->second];
}

absl::StatusOr<std::string> RpcCatalog::RequestFromJson(const RpcRoute& route,
                                                        absl::string_view json) {
  auto request = ParseRequest(route, json);
  if (!request.ok()) return request.status();
  return (*request)->SerializeAsString();
}

absl::StatusOr<std::string> RpcCatalog::RequestFromJson(const RpcRoute& route,
                                                        absl::string_view json,
                                                        absl::string_view field, int64_t value) {
  auto request = ParseRequest(route, json);
  if (!request.ok()) return request.status();
  const google::protobuf::FieldDescriptor* target =
      route.method->input_type()->FindFieldByName(std::string(field));
  if (target == nullptr || target->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_INT64 ||
      target->is_repeated()) {
    return absl::InvalidArgumentError(
        absl::StrCat(route.method->input_type()->full_name(), " has no int64 field ", field));
  }
  (*request)->GetReflection()->SetInt64(request->get(), target, value);
  return (*request)->SerializeAsString();
}

absl::StatusOr<std::string> RpcCatalog::ResponseToJson(const RpcRoute& route,
                                                       const std::string& binary,
                                                       int64_t* sequence) {
  std::unique_ptr<Message> response = NewMessage(route.method->output_type());
  if (!response->ParseFromString(binary)) {
    return absl::InternalError(
        absl::StrCat("the service's answer is not a ", route.method->output_type()->full_name()));
  }
  if (sequence != nullptr) {
    const google::protobuf::FieldDescriptor* field =
        route.method->output_type()->FindFieldByName("sequence");
    *sequence = field != nullptr && !field->is_repeated() &&
                        field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_INT64
                    ? response->GetReflection()->GetInt64(*response, field)
                    : -1;
  }
  std::string json;
  const auto printed = google::protobuf::util::MessageToJsonString(*response, &json);
  if (!printed.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot write the answer as JSON: ", ParserSays(printed)));
  }
  return json;
}

}  // namespace svcup::gateway
