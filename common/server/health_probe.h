// A client of grpc.health.v1.Health/Check that needs no generated code: the request and the
// response are one-field messages, encoded here by hand.
#ifndef SVCUP_COMMON_SERVER_HEALTH_PROBE_H_
#define SVCUP_COMMON_SERVER_HEALTH_PROBE_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace svcup {

// The serving status a health check reports.
enum class ServingStatus { kUnknown = 0, kServing = 1, kNotServing = 2, kServiceUnknown = 3 };

// Asks `channel`'s server whether `service` ("" for the whole server) is serving. The call's
// own failure (UNAVAILABLE when nothing listens, NOT_FOUND for an unknown service) is returned
// as an error.
absl::StatusOr<ServingStatus> CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                                          const std::string& service, absl::Duration timeout);

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_HEALTH_PROBE_H_
