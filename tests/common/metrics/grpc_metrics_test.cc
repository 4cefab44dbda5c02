// The server metrics interceptor: started, handled (by code), latency and messages, by method,
// as Prometheus would scrape them.
#include "common/metrics/grpc_metrics.h"

#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

#include "tests/testing/plans_fixture.h"

namespace svcup {
namespace {

using testing::Context;

TEST(GrpcMetrics, CountsCallsByMethodAndCode) {
  testing::TempDir dir;
  testing::PlansServer server(dir.path() + "/plans.db");
  v1::GetOrganisationRequest request;
  v1::Organisation org;
  request.set_name("orgs/moj");
  ASSERT_TRUE(server.stub().GetOrganisation(Context("").get(), request, &org).ok());
  ASSERT_TRUE(server.stub().GetOrganisation(Context("").get(), request, &org).ok());
  request.set_name("orgs/nowhere");
  ASSERT_EQ(server.stub().GetOrganisation(Context("").get(), request, &org).error_code(),
            grpc::StatusCode::NOT_FOUND);

  const std::string text = prometheus::TextSerializer().Serialize(server.metrics().Collect());
  const std::string labels =
      "grpc_method=\"GetOrganisation\",grpc_service=\"svcup.v1.PlanRegistry\","
      "grpc_type=\"unary\"";
  EXPECT_NE(text.find("grpc_server_started_total{" + labels + "} 3"), std::string::npos) << text;
  EXPECT_NE(text.find("grpc_server_handled_total{grpc_code=\"OK\"," + labels + "} 2"),
            std::string::npos);
  EXPECT_NE(text.find("grpc_server_handled_total{grpc_code=\"NOT_FOUND\"," + labels + "} 1"),
            std::string::npos);
  EXPECT_NE(text.find("grpc_server_handling_seconds_count{" + labels + "} 3"), std::string::npos);
  EXPECT_NE(text.find("grpc_server_msg_received_total{" + labels + "} 3"), std::string::npos);
}

}  // namespace
}  // namespace svcup
