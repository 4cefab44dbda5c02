// The server host: health while serving and draining, malformed request bodies.
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/server/health_probe.h"
#include "tests/testing/plans_fixture.h"

namespace svcup {
namespace {

using testing::Context;

TEST(ServiceHost, ReportsNotServingWhileDrainingThenStops) {
  testing::TempDir dir;
  testing::PlansServer server(dir.path() + "/plans.db", /*drain_grace=*/absl::Seconds(2));
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server.port()),
                                     grpc::InsecureChannelCredentials());
  EXPECT_EQ(*CheckHealth(channel, "", absl::Seconds(5)), ServingStatus::kServing);
  EXPECT_EQ(*CheckHealth(channel, "svcup.v1.PlanRegistry", absl::Seconds(5)),
            ServingStatus::kServing);

  std::thread drain([&] { server.Shutdown(); });
  absl::SleepFor(absl::Milliseconds(500));  // inside the 2 s grace
  EXPECT_EQ(*CheckHealth(channel, "svcup.v1.PlanRegistry", absl::Seconds(5)),
            ServingStatus::kNotServing);
  drain.join();
  EXPECT_EQ(CheckHealth(channel, "", absl::Seconds(1)).status().code(),
            absl::StatusCode::kUnavailable);
}

// Calls `method` with `body` as the raw request bytes and returns the status.
grpc::Status CallWithRawBody(const std::shared_ptr<grpc::Channel>& channel,
                             const std::string& method, const std::string& body) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice slice(body);
  grpc::ByteBuffer request(&slice, 1), response;
  grpc::Status status;
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mutex);
                   status = std::move(s);
                   done = true;
                   done_cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mutex);
  done_cv.wait(lock, [&] { return done; });
  return status;
}

TEST(ServiceHost, MalformedBodiesAreTheClientsFault) {
  testing::TempDir dir;
  testing::PlansServer server(dir.path() + "/plans.db");
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server.port()),
                                     grpc::InsecureChannelCredentials());
  const std::string method = "/svcup.v1.PlanRegistry/GetOrganisation";
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += '\x0b';  // field 1, start group
  const std::vector<std::string> bodies = {
      std::string("\x0a\x02\xff\xfe", 4),  // name: invalid UTF-8
      std::string("\x0a\x05orgs", 6),        // name: 5 bytes announced, 4 sent
      deep,
  };
  for (const std::string& body : bodies) {
    const grpc::Status status = CallWithRawBody(channel, method, body);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(status.error_message(),
              "request: the body is not a valid protobuf encoding of the request of "
              "/svcup.v1.PlanRegistry/GetOrganisation (truncated, nested too deeply, or a "
              "string that is not UTF-8)");
  }
  // A well-formed body still works on the same channel.
  EXPECT_TRUE(CallWithRawBody(channel, method, std::string("\x0a\x08orgs/moj", 10)).ok());

  const std::string text = prometheus::TextSerializer().Serialize(server.metrics().Collect());
  const std::string labels =
      "grpc_method=\"GetOrganisation\",grpc_service=\"svcup.v1.PlanRegistry\","
      "grpc_type=\"unary\"";
  EXPECT_NE(text.find("grpc_server_handled_total{grpc_code=\"INVALID_ARGUMENT\"," + labels +
                      "} 3"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("grpc_server_handled_total{grpc_code=\"INTERNAL\""), std::string::npos);
}

TEST(ServiceHost, RawMethodsDecodeTheirRequestsThemselves) {
  // ListOrganisations and GetExecutionPlan are served raw (kept encoded answers): a body that
  // is not their request is INVALID_ARGUMENT naming the type, and a good one is answered.
  testing::TempDir dir;
  testing::PlansServer server(dir.path() + "/plans.db");
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server.port()),
                                     grpc::InsecureChannelCredentials());
  for (const auto& [method, type] : std::vector<std::pair<std::string, std::string>>{
           {"/svcup.v1.PlanRegistry/ListOrganisations", "svcup.v1.ListOrganisationsRequest"},
           {"/svcup.v1.PlanRegistry/GetExecutionPlan", "svcup.v1.GetExecutionPlanRequest"}}) {
    const grpc::Status status =
        CallWithRawBody(channel, method, std::string("\x0a\x05orgs", 6));  // truncated
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << method;
    EXPECT_EQ(status.error_message(),
              absl::StrCat("the request is not a ", type, " in protobuf encoding"));
  }
  EXPECT_TRUE(CallWithRawBody(channel, "/svcup.v1.PlanRegistry/ListOrganisations", "").ok());
  // A plan that does not exist: NOT_FOUND, as from the typed method.
  EXPECT_EQ(CallWithRawBody(channel, "/svcup.v1.PlanRegistry/GetExecutionPlan",
                            std::string("\x0a\x1corgs/moj/executionPlans/2018", 30))
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace svcup
