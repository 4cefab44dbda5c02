// The RPCs the gateway serves, read from the services' descriptors (nothing is written per
// RPC): each method's HTTP path, which service answers it, and the protobuf JSON mapping of its
// request and response.
#ifndef SVCUP_SERVICES_GATEWAY_RPC_CATALOG_H_
#define SVCUP_SERVICES_GATEWAY_RPC_CATALOG_H_

#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace svcup::gateway {

// One RPC.
struct RpcRoute {
  // "/svcup.v1.ProgressReports/SubmitReport": the gRPC method name, which is also the HTTP path.
  std::string path;
  const google::protobuf::MethodDescriptor* method;
  // Which of the catalog's services answers it (the index of its descriptor).
  int service;
};

// The RPCs of a set of services.
class RpcCatalog {
 public:
  // Every method of `services`; service i's RPCs have RpcRoute::service == i.
  explicit RpcCatalog(const std::vector<const google::protobuf::ServiceDescriptor*>& services);

  // The suite's three services: 0 plans (svcup.v1.PlanRegistry), 1 reports
  // (svcup.v1.ProgressReports), 2 reviews (svcup.v1.Reviews).
  static RpcCatalog Suite();

  // The RPC at `path`, or nullptr.
  const RpcRoute* Find(absl::string_view path) const;

  // Every RPC, in the services' order.
  const std::vector<RpcRoute>& routes() const { return routes_; }

  // The binary request of `route` from its JSON (protobuf's JSON mapping; an empty body is {}).
  // INVALID_ARGUMENT naming the request type and what the parser found: malformed JSON, an
  // unknown field, a value of the wrong type.
  static absl::StatusOr<std::string> RequestFromJson(const RpcRoute& route, absl::string_view json);

  // As above, with field `field` (an int64 such as after_sequence) set to `value`.
  static absl::StatusOr<std::string> RequestFromJson(const RpcRoute& route, absl::string_view json,
                                                     absl::string_view field, int64_t value);

  // The JSON of a binary response of `route`; INTERNAL if it does not parse. `sequence` (if not
  // null) gets the response's int64 field "sequence", or -1 when it has none.
  static absl::StatusOr<std::string> ResponseToJson(const RpcRoute& route,
                                                    const std::string& binary,
                                                    int64_t* sequence = nullptr);

 private:
  std::vector<RpcRoute> routes_;
  absl::flat_hash_map<std::string, int> by_path_;
};

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_RPC_CATALOG_H_
