// The RPC catalog: every method of the three services at its gRPC path, and the JSON mapping.
#include "services/gateway/rpc_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "svcup/v1/plans.grpc.pb.h"
#include "svcup/v1/reports.grpc.pb.h"
#include "svcup/v1/reviews.grpc.pb.h"

namespace svcup::gateway {
namespace {

using ::testing::HasSubstr;

TEST(RpcCatalogTest, EveryMethodOfTheThreeServicesIsAtItsGrpcPath) {
  const RpcCatalog catalog = RpcCatalog::Suite();
  int methods = 0;
  for (const auto* file :
       {v1::GetOrganisationRequest::descriptor()->file(),
        v1::GetReportRequest::descriptor()->file(), v1::GetReviewRequest::descriptor()->file()}) {
    for (int s = 0; s < file->service_count(); ++s) methods += file->service(s)->method_count();
  }
  EXPECT_EQ(catalog.routes().size(), static_cast<size_t>(methods));
  const RpcRoute* submit = catalog.Find("/svcup.v1.ProgressReports/SubmitReport");
  ASSERT_NE(submit, nullptr);
  EXPECT_EQ(submit->service, 1);
  EXPECT_EQ(submit->method->input_type()->full_name(), "svcup.v1.SubmitReportRequest");
  ASSERT_NE(catalog.Find("/svcup.v1.PlanRegistry/GetExecutionPlan"), nullptr);
  EXPECT_EQ(catalog.Find("/svcup.v1.PlanRegistry/GetExecutionPlan")->service, 0);
  EXPECT_EQ(catalog.Find("/svcup.v1.Reviews/RankEvaluations")->service, 2);
  EXPECT_EQ(catalog.Find("/svcup.v1.Reviews/Nothing"), nullptr);
  EXPECT_EQ(catalog.Find("svcup.v1.Reviews/RankEvaluations"), nullptr);
}

TEST(RpcCatalogTest, RequestsParseFromProtobufJsonInEitherFieldSpelling) {
  const RpcCatalog catalog = RpcCatalog::Suite();
  const RpcRoute& create = *catalog.Find("/svcup.v1.ProgressReports/CreateReport");
  v1::CreateReportRequest expected;
  expected.set_parent("orgs/dpo-taipei");
  expected.set_year(2018);
  expected.set_request_id("r1");
  auto camel = RpcCatalog::RequestFromJson(
      create, R"({"parent":"orgs/dpo-taipei","year":2018,"requestId":"r1"})");
  ASSERT_TRUE(camel.ok()) << camel.status();
  EXPECT_EQ(*camel, expected.SerializeAsString());
  auto snake = RpcCatalog::RequestFromJson(
      create, R"({"parent":"orgs/dpo-taipei","year":2018,"request_id":"r1"})");
  ASSERT_TRUE(snake.ok());
  EXPECT_EQ(*snake, expected.SerializeAsString());
  EXPECT_EQ(*RpcCatalog::RequestFromJson(create, "  "), "");  // an empty body is {}
}

TEST(RpcCatalogTest, AMalformedBodyIsRefusedNamingTheRequestType) {
  const RpcCatalog catalog = RpcCatalog::Suite();
  const RpcRoute& get = *catalog.Find("/svcup.v1.ProgressReports/GetReport");
  for (const char* body : {"{", "[]", R"({"name": 5})", R"({"unknown": 1})"}) {
    auto parsed = RpcCatalog::RequestFromJson(get, body);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << body;
    EXPECT_THAT(parsed.status().message(), HasSubstr("svcup.v1.GetReportRequest")) << body;
  }
}

TEST(RpcCatalogTest, AResumeFieldIsSetAndASequenceIsReadFromAnswers) {
  const RpcCatalog catalog = RpcCatalog::Suite();
  const RpcRoute& watch = *catalog.Find("/svcup.v1.ProgressReports/WatchReportEvents");
  auto request =
      RpcCatalog::RequestFromJson(watch, R"({"recipient":"orgs/moj"})", "after_sequence", 41);
  ASSERT_TRUE(request.ok());
  v1::WatchReportEventsRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(*request));
  EXPECT_EQ(parsed.after_sequence(), 41);
  EXPECT_EQ(RpcCatalog::RequestFromJson(watch, "{}", "recipient", 1).status().code(),
            absl::StatusCode::kInvalidArgument);

  v1::ReportEvent event;
  event.set_sequence(42);
  event.set_report("orgs/dpo-taipei/reports/2018-1");
  int64_t sequence = 0;
  auto json = RpcCatalog::ResponseToJson(watch, event.SerializeAsString(), &sequence);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(sequence, 42);
  EXPECT_EQ(*json, R"({"sequence":"42","report":"orgs/dpo-taipei/reports/2018-1"})");
  EXPECT_EQ(RpcCatalog::ResponseToJson(watch, "\xff\xff", &sequence).status().code(),
            absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace svcup::gateway
