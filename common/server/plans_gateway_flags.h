// The flags of a service that calls the plans service (reports, reviews): --plans_addr,
// --plans_timeout, --plans_cache_refresh, --plans_cache_max_age. In a library of their own
// (svcup_plans_peer), so that only the binaries that call plans have them.
#ifndef SVCUP_COMMON_SERVER_PLANS_GATEWAY_FLAGS_H_
#define SVCUP_COMMON_SERVER_PLANS_GATEWAY_FLAGS_H_

#include <memory>

#include "common/hierarchy/grpc_plans_gateway.h"
#include "common/server/runtime.h"

namespace svcup {

// A gateway to the plans service configured from the flags above, calling as `credentials`'
// holder (not owned; it must outlive the gateway).
std::unique_ptr<GrpcPlansGateway> PlansGatewayFromFlags(const ServiceRuntime& runtime,
                                                        ServiceCredentials& credentials);

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_PLANS_GATEWAY_FLAGS_H_
