// The one place where absl::Status and grpc::Status meet. Everything below a handler speaks
// absl::Status; handlers convert once on the way out, clients once on the way in.
#ifndef SVCUP_COMMON_STATUS_GRPC_STATUS_H_
#define SVCUP_COMMON_STATUS_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"

namespace svcup {

// Converts an absl::Status into the grpc::Status a handler returns (same code, same message).
grpc::Status ToGrpcStatus(const absl::Status& status);

// Converts a grpc::Status received from another service into an absl::Status.
absl::Status FromGrpcStatus(const grpc::Status& status);

// "OK", "INVALID_ARGUMENT" ...: a status code's canonical name (the grpc_code metric label, the
// access log's status).
std::string GrpcCodeName(grpc::StatusCode code);

}  // namespace svcup

#endif  // SVCUP_COMMON_STATUS_GRPC_STATUS_H_
