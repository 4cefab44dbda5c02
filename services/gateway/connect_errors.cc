#include "services/gateway/connect_errors.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/server/log.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace svcup::gateway {

namespace {

struct CodeMapping {
  absl::string_view name;
  int http_status;
};

CodeMapping MappingOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return {"ok", 200};
    case grpc::StatusCode::CANCELLED:
      return {"canceled", 499};
    case grpc::StatusCode::INVALID_ARGUMENT:
      return {"invalid_argument", 400};
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return {"deadline_exceeded", 504};
    case grpc::StatusCode::NOT_FOUND:
      return {"not_found", 404};
    case grpc::StatusCode::ALREADY_EXISTS:
      return {"already_exists", 409};
    case grpc::StatusCode::PERMISSION_DENIED:
      return {"permission_denied", 403};
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return {"resource_exhausted", 429};
    case grpc::StatusCode::FAILED_PRECONDITION:
      return {"failed_precondition", 400};
    case grpc::StatusCode::ABORTED:
      return {"aborted", 409};
    case grpc::StatusCode::OUT_OF_RANGE:
      return {"out_of_range", 400};
    case grpc::StatusCode::UNIMPLEMENTED:
      return {"unimplemented", 501};
    case grpc::StatusCode::INTERNAL:
      return {"internal", 500};
    case grpc::StatusCode::UNAVAILABLE:
      return {"unavailable", 503};
    case grpc::StatusCode::DATA_LOSS:
      return {"data_loss", 500};
    case grpc::StatusCode::UNAUTHENTICATED:
      return {"unauthenticated", 401};
    default:
      return {"unknown", 500};
  }
}

// The detail as JSON, when the gateway knows its type ("" otherwise).
std::string DebugJson(const google::protobuf::Any& detail, absl::string_view type_name) {
  const google::protobuf::Descriptor* type =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
          std::string(type_name));
  if (type == nullptr) return "";
  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
  if (prototype == nullptr) return "";
  std::unique_ptr<google::protobuf::Message> message(prototype->New());
  std::string json;
  if (!message->ParseFromString(detail.value()) ||
      !google::protobuf::util::MessageToJsonString(*message, &json).ok()) {
    return "";
  }
  return json;
}

// Seconds to wait, rounded up, from the RetryInfo among the details (0 when none).
int64_t RetryAfterSeconds(const google::rpc::Status& details) {
  for (const google::protobuf::Any& detail : details.details()) {
    google::rpc::RetryInfo retry;
    if (detail.UnpackTo(&retry)) {
      const int64_t seconds = retry.retry_delay().seconds();
      return seconds + (retry.retry_delay().nanos() > 0 ? 1 : 0);
    }
  }
  return 0;
}

}  // namespace

absl::string_view ConnectCodeName(grpc::StatusCode code) { return MappingOf(code).name; }

int HttpStatusOf(grpc::StatusCode code) { return MappingOf(code).http_status; }

std::string ConnectErrorJson(const grpc::Status& status) {
  std::string json = absl::StrCat("{\"code\":\"", ConnectCodeName(status.error_code()),
                                  "\",\"message\":\"", JsonEscape(status.error_message()), "\"");
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details()) &&
      details.details_size() > 0) {
    absl::StrAppend(&json, ",\"details\":[");
    for (int i = 0; i < details.details_size(); ++i) {
      const google::protobuf::Any& detail = details.details(i);
      const absl::string_view type_name =
          absl::string_view(detail.type_url()).substr(detail.type_url().rfind('/') + 1);
      std::string value = absl::Base64Escape(detail.value());
      while (!value.empty() && value.back() == '=') value.pop_back();  // unpadded, as Connect
      absl::StrAppend(&json, i > 0 ? "," : "", "{\"type\":\"", JsonEscape(type_name),
                      "\",\"value\":\"", value, "\"");
      const std::string debug = DebugJson(detail, type_name);
      if (!debug.empty()) absl::StrAppend(&json, ",\"debug\":", debug);
      absl::StrAppend(&json, "}");
    }
    absl::StrAppend(&json, "]");
  }
  absl::StrAppend(&json, "}");
  return json;
}

HttpResponse ConnectErrorResponse(const grpc::Status& status) {
  HttpResponse response;
  response.status = HttpStatusOf(status.error_code());
  response.body = ConnectErrorJson(status);
  response.With("Content-Type", "application/json");
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    if (const int64_t seconds = RetryAfterSeconds(details); seconds > 0) {
      response.With("Retry-After", absl::StrCat(seconds));
    }
  }
  return response;
}

HttpResponse ConnectErrorResponse(int http_status, grpc::StatusCode code,
                                  absl::string_view message) {
  HttpResponse response = ConnectErrorResponse(grpc::Status(code, std::string(message)));
  response.status = http_status;
  return response;
}

}  // namespace svcup::gateway
