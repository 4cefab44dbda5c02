#include "common/server/plans_gateway_flags.h"

#include "absl/flags/flag.h"
#include "common/server/log.h"

ABSL_FLAG(std::string, plans_addr, "127.0.0.1:50051", "Address of the plans service");
ABSL_FLAG(absl::Duration, plans_timeout, absl::Seconds(2), "Deadline of each call to plans");
ABSL_FLAG(absl::Duration, plans_cache_refresh, absl::Minutes(5), "Refresh the cached hierarchy after this long (the plan in force is confirmed with plans on every use)");
ABSL_FLAG(absl::Duration, plans_cache_max_age, absl::Hours(24), "Never use a cached hierarchy or plan older than this, even when plans is down");

namespace svcup {

std::unique_ptr<GrpcPlansGateway> PlansGatewayFromFlags(const ServiceRuntime& runtime,
                                                        ServiceCredentials& credentials) {
  Log("info", "plans service", {{"plans_addr", absl::GetFlag(FLAGS_plans_addr)}});
  return std::make_unique<GrpcPlansGateway>(
      ChannelToService(runtime, absl::GetFlag(FLAGS_plans_addr)), *runtime.clock,
      GrpcPlansGateway::Options{absl::GetFlag(FLAGS_plans_timeout),
                                absl::GetFlag(FLAGS_plans_cache_refresh),
                                absl::GetFlag(FLAGS_plans_cache_max_age), &credentials});
}

}  // namespace svcup
