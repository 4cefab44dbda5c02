// Errors in the Connect protocol's unary form: a gRPC status as the JSON body
// {"code": "invalid_argument", "message": ..., "details": [...]} under the HTTP status the
// Connect specification (connectrpc.com/docs/protocol#error-codes) gives each code.
#ifndef SVCUP_SERVICES_GATEWAY_CONNECT_ERRORS_H_
#define SVCUP_SERVICES_GATEWAY_CONNECT_ERRORS_H_

#include <grpcpp/support/status.h>

#include <string>

#include "absl/strings/string_view.h"
#include "services/gateway/http_message.h"

namespace svcup::gateway {

// The Connect name of a code: "invalid_argument" for INVALID_ARGUMENT.
absl::string_view ConnectCodeName(grpc::StatusCode code);

// The HTTP status of a code: 400 for INVALID_ARGUMENT, 404 for NOT_FOUND, 429 for
// RESOURCE_EXHAUSTED, 504 for DEADLINE_EXCEEDED and so on.
int HttpStatusOf(grpc::StatusCode code);

// The Connect error JSON of `status`: code, message, and the details the service attached
// (google.rpc.Status in the call's error details) as {"type", "value" (base64), "debug"}.
std::string ConnectErrorJson(const grpc::Status& status);

// A whole error response: HttpStatusOf(code), the JSON body, and Retry-After (whole seconds,
// rounded up) when a google.rpc.RetryInfo says when to come back.
HttpResponse ConnectErrorResponse(const grpc::Status& status);

// As above, with the HTTP status given (413 for a body over the limit, 415 for a content type
// the gateway does not speak, 405 for a method other than POST) and the code in the body.
HttpResponse ConnectErrorResponse(int http_status, grpc::StatusCode code,
                                  absl::string_view message);

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_CONNECT_ERRORS_H_
