// The gateway over HTTP in front of in-process plans and reports services on 127.0.0.1 (reviews
// is a closed port, to see an unreachable service's answer): every status mapping the services
// and HTTP itself produce, the limits, CORS and security headers, and the event stream with
// resume.
#include "services/gateway/gateway_service.h"

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/gateway/http_server.h"
#include "tests/reports/reports_service_fixture.h"
#include "tests/testing/http_client.h"

namespace svcup::gateway {
namespace {

using ::testing::HasSubstr;
using testing::HttpAnswer;
using testing::PostJson;

std::shared_ptr<grpc::Channel> ChannelTo(int port) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
}

class GatewayServiceTest : public reports::ReportsServiceTest {
 protected:
  GatewayServiceTest()
      : catalog_(RpcCatalog::Suite()),
        // Nothing listens on port 1: the reviews service is unreachable.
        backends_({ChannelTo(plans_.port()), ChannelTo(reports_.port()), ChannelTo(1)}) {}

  void StartGateway(GatewayOptions options = {}, HttpLimits limits = {}) {
    server_.reset();
    gateway_ = std::make_unique<GatewayService>(catalog_, backends_, options);
    server_ = *HttpServer::Start("127.0.0.1:0", limits, [this](const HttpRequest& request) {
      return gateway_->Handle(request);
    });
  }
  void SetUp() override { StartGateway(); }
  void TearDown() override { server_.reset(); }

  std::string Url(const std::string& path) {
    return absl::StrCat("http://127.0.0.1:", server_->port(), path);
  }
  HttpAnswer Post(const std::string& rpc, const std::string& json, const std::string& token = "",
                  const std::vector<std::string>& headers = {}) {
    return PostJson(Url(rpc), json, token, headers);
  }
  // The "code" of a Connect error body.
  static std::string CodeOf(const HttpAnswer& answer) {
    const size_t at = answer.body.find("\"code\":\"");
    if (at == std::string::npos) return "";
    return answer.body.substr(at + 8, answer.body.find('"', at + 8) - at - 8);
  }

  RpcCatalog catalog_;
  GrpcBackends backends_;
  std::unique_ptr<GatewayService> gateway_;
  std::unique_ptr<HttpServer> server_;
};

constexpr char kGetReport[] = "/svcup.v1.ProgressReports/GetReport";
constexpr char kTaipeiReport[] = R"({"name": "orgs/dpo-taipei/reports/2018-1"})";

TEST_F(GatewayServiceTest, APublicReadAnswersWhatGrpcAnswersAsProtobufJson) {
  const HttpAnswer answer = Post("/svcup.v1.PlanRegistry/ListOrganisations", "{}");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.Header("content-type"), "application/json");

  v1::ListOrganisationsResponse direct;
  ASSERT_TRUE(
      plans_.stub()
          .ListOrganisations(testing::Context("").get(), v1::ListOrganisationsRequest(), &direct)
          .ok());
  std::string expected;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(direct, &expected).ok());
  EXPECT_EQ(answer.body, expected);
}

TEST_F(GatewayServiceTest, TheCallersTokenDecidesWhatTheServicesAnswer) {
  DraftAndSubmit("dpo-taipei");
  EXPECT_EQ(Post(kGetReport, kTaipeiReport, Staff("dpo-taipei")).status, 200);
  EXPECT_EQ(Post(kGetReport, kTaipeiReport, Reviewer("high-prosecutors")).status, 200);

  const HttpAnswer anonymous = Post(kGetReport, kTaipeiReport);
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(CodeOf(anonymous), "unauthenticated");
  const HttpAnswer forged = Post(kGetReport, kTaipeiReport, "not-a-token");
  EXPECT_EQ(forged.status, 401);
  EXPECT_EQ(CodeOf(forged), "unauthenticated");
  const HttpAnswer other_agency = Post(kGetReport, kTaipeiReport, Staff("dpo-shilin"));
  EXPECT_EQ(other_agency.status, 403);
  EXPECT_EQ(CodeOf(other_agency), "permission_denied");
}

TEST_F(GatewayServiceTest, EachServiceErrorHasItsConnectCodeAndHttpStatus) {
  const std::string staff = Staff("dpo-taipei");
  // NOT_FOUND: no report drafted yet.
  const HttpAnswer missing = Post(kGetReport, kTaipeiReport, staff);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(CodeOf(missing), "not_found");

  // INVALID_ARGUMENT from the service: a malformed name, the field named in the message.
  const HttpAnswer malformed = Post(kGetReport, R"({"name": "reports/x"})", staff);
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(CodeOf(malformed), "invalid_argument");
  EXPECT_THAT(malformed.body, HasSubstr("name"));

  // ALREADY_EXISTS: the same report drafted again under another request id.
  const v1::ProgressReport draft = Draft("dpo-taipei");
  const std::string create = R"({"parent": "orgs/dpo-taipei", "year": 2018, "period": 1,
                                 "requestId": "second-draft"})";
  const HttpAnswer again = Post("/svcup.v1.ProgressReports/CreateReport", create, staff);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(CodeOf(again), "already_exists");

  // ABORTED: an update under a stale etag.
  const std::string stale = absl::StrCat(R"({"name": ")", draft.name(),
                                         R"(", "etag": "stale", "requestId": "u1",
                                            "content": {"summary": "x"}})");
  const HttpAnswer aborted = Post("/svcup.v1.ProgressReports/UpdateReport", stale, staff);
  EXPECT_EQ(aborted.status, 409);
  EXPECT_EQ(CodeOf(aborted), "aborted");

  // UNAVAILABLE: the reviews service does not answer.
  const HttpAnswer unreachable =
      Post("/svcup.v1.Reviews/ListReviews", R"({"year": 2018, "period": 1})",
           Reviewer("high-prosecutors"));
  EXPECT_EQ(unreachable.status, 503);
  EXPECT_EQ(CodeOf(unreachable), "unavailable");
}

TEST_F(GatewayServiceTest, BodiesThatAreNotTheRequestAreRefusedNamingWhatIsWrong) {
  const std::string staff = Staff("dpo-taipei");
  const HttpAnswer broken = Post(kGetReport, R"({"name": )", staff);
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(CodeOf(broken), "invalid_argument");
  EXPECT_THAT(broken.body, HasSubstr("svcup.v1.GetReportRequest"));

  const HttpAnswer unknown =
      Post(kGetReport, R"({"nmae": "orgs/dpo-taipei/reports/2018-1"})", staff);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_THAT(unknown.body, HasSubstr("nmae"));

  const HttpAnswer wrong_type =
      Post("/svcup.v1.ProgressReports/CreateReport", R"({"year": "two thousand"})", staff);
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(CodeOf(wrong_type), "invalid_argument");

  const HttpAnswer text =
      testing::HttpCall("POST", Url(kGetReport), {"Content-Type: text/plain"}, kTaipeiReport);
  EXPECT_EQ(text.status, 415);
  EXPECT_EQ(text.Header("accept-post"), "application/json");
}

TEST_F(GatewayServiceTest, WhatIsNotAnRpcOrNotPostIsRefusedWithItsHttpStatus) {
  const HttpAnswer nowhere = Post("/svcup.v1.ProgressReports/DeleteEverything", "{}");
  EXPECT_EQ(nowhere.status, 404);
  EXPECT_EQ(CodeOf(nowhere), "not_found");
  EXPECT_THAT(nowhere.body, HasSubstr("DeleteEverything"));

  const HttpAnswer get = testing::HttpCall("GET", Url(kGetReport));
  EXPECT_EQ(get.status, 405);
  EXPECT_EQ(get.Header("allow"), "POST");

  const HttpAnswer readings = Post("/svcup.v1.ProgressReports/RecordReadings", "{}");
  EXPECT_EQ(readings.status, 501);
  EXPECT_EQ(CodeOf(readings), "unimplemented");
}

TEST_F(GatewayServiceTest, ConnectHeadersAreCheckedAndADeadlineIsPassedOn) {
  const std::string staff = Staff("dpo-taipei");
  for (const char* timeout : {"soon", "-5", "0", "12345678901"}) {
    const HttpAnswer refused =
        Post(kGetReport, kTaipeiReport, staff, {absl::StrCat("Connect-Timeout-Ms: ", timeout)});
    EXPECT_EQ(refused.status, 400) << timeout;
    EXPECT_THAT(refused.body, HasSubstr("Connect-Timeout-Ms")) << timeout;
  }
  EXPECT_EQ(Post(kGetReport, kTaipeiReport, staff, {"Connect-Timeout-Ms: 5000"}).status, 404);
  const HttpAnswer version =
      Post(kGetReport, kTaipeiReport, staff, {"Connect-Protocol-Version: 2"});
  EXPECT_EQ(version.status, 400);
  EXPECT_THAT(version.body, HasSubstr("Connect-Protocol-Version"));
  EXPECT_EQ(Post(kGetReport, kTaipeiReport, staff, {"Connect-Protocol-Version: 1"}).status, 404);
}

TEST_F(GatewayServiceTest, RequestIdsAreKeptOrGivenAndEveryAnswerCarriesSecurityHeaders) {
  const HttpAnswer kept =
      Post("/svcup.v1.PlanRegistry/ListOrganisations", "{}", "", {"X-Request-Id: trace-42"});
  EXPECT_EQ(kept.Header("x-request-id"), "trace-42");
  const HttpAnswer given =
      Post("/svcup.v1.PlanRegistry/ListOrganisations", "{}", "", {"X-Request-Id: has \"quotes\""});
  EXPECT_EQ(given.Header("x-request-id").size(), 16u);
  EXPECT_EQ(given.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(given.Header("content-security-policy"), "default-src 'none'; frame-ancestors 'none'");
  EXPECT_EQ(given.Header("cache-control"), "no-store");
}

TEST_F(GatewayServiceTest, OnlyListedOriginsGetCorsHeaders) {
  GatewayOptions options;
  options.cors_origins = {"https://portal.moj.example"};
  StartGateway(options);
  const HttpAnswer preflight = testing::HttpCall(
      "OPTIONS", Url(kGetReport),
      {"Origin: https://portal.moj.example", "Access-Control-Request-Method: POST"});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.Header("access-control-allow-origin"), "https://portal.moj.example");
  EXPECT_EQ(preflight.Header("access-control-allow-methods"), "POST, GET");
  EXPECT_THAT(preflight.Header("access-control-allow-headers"), HasSubstr("Authorization"));

  const HttpAnswer listed = Post("/svcup.v1.PlanRegistry/ListOrganisations", "{}", "",
                                 {"Origin: https://portal.moj.example"});
  EXPECT_EQ(listed.Header("access-control-allow-origin"), "https://portal.moj.example");
  EXPECT_EQ(listed.Header("vary"), "Origin");
  const HttpAnswer other =
      Post("/svcup.v1.PlanRegistry/ListOrganisations", "{}", "", {"Origin: https://evil.example"});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.Header("access-control-allow-origin"), "");
}

TEST_F(GatewayServiceTest, OversizedBodiesAndTooManyRequestsAreRefused) {
  GatewayOptions options;
  options.rate_per_second = 0.01;
  options.rate_burst = 3;
  HttpLimits limits;
  limits.max_body_bytes = 1024;
  StartGateway(options, limits);
  const HttpAnswer big =
      Post(kGetReport, absl::StrCat(R"({"name": ")", std::string(2000, 'x'), R"("})"));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(CodeOf(big), "resource_exhausted");
  Post("/svcup.v1.PlanRegistry/ListOrganisations", "{}");
  Post("/svcup.v1.PlanRegistry/ListOrganisations", "{}");
  const HttpAnswer limited = Post("/svcup.v1.PlanRegistry/ListOrganisations", "{}");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(CodeOf(limited), "resource_exhausted");
  EXPECT_THAT(limited.body, HasSubstr("google.rpc.RetryInfo"));
  int64_t retry_after = 0;
  EXPECT_TRUE(absl::SimpleAtoi(limited.Header("retry-after"), &retry_after));
  EXPECT_GE(retry_after, 1);
}

std::string WatchUrl(const std::string& base, const std::string& recipient) {
  return absl::StrCat(
      base, "?message=",
      absl::StrReplaceAll(absl::StrCat(R"({"recipient":")", recipient, R"("})"),
                          {{"{", "%7B"}, {"}", "%7D"}, {"\"", "%22"}, {":", "%3A"}, {"/", "%2F"}}));
}

TEST_F(GatewayServiceTest, ReportEventsStreamAsServerSentEventsAndResumeFromTheLastId) {
  const std::string hpo = "Authorization: Bearer " + Reviewer("high-prosecutors");
  const std::string url =
      WatchUrl(Url("/svcup.v1.ProgressReports/WatchReportEvents"), "orgs/high-prosecutors");
  const v1::ReportRevision taipei = DraftAndSubmit("dpo-taipei");
  const HttpAnswer first = testing::ReadEvents(url, {hpo}, 1, absl::Seconds(10));
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.Header("content-type"), "text/event-stream");
  ASSERT_EQ(testing::EventData(first.body).size(), 1u) << first.body;
  EXPECT_THAT(testing::EventData(first.body)[0], HasSubstr(taipei.report()));
  const std::string last_id = testing::EventIds(first.body).at(0);

  const v1::ReportRevision shilin = DraftAndSubmit("dpo-shilin");
  const HttpAnswer resumed =
      testing::ReadEvents(url, {hpo, "Last-Event-ID: " + last_id}, 1, absl::Seconds(10));
  ASSERT_EQ(testing::EventData(resumed.body).size(), 1u) << resumed.body;
  EXPECT_THAT(testing::EventData(resumed.body)[0], HasSubstr(shilin.report()));
  EXPECT_GT(std::stoll(testing::EventIds(resumed.body).at(0)), std::stoll(last_id));

  // A watcher the service refuses is answered at once with the refusal's status.
  const HttpAnswer refused = testing::ReadEvents(
      url, {"Authorization: Bearer " + Staff("dpo-taipei")}, 1, absl::Seconds(10));
  EXPECT_EQ(refused.status, 403);
  const HttpAnswer bad_id =
      testing::ReadEvents(url, {hpo, "Last-Event-ID: yesterday"}, 1, absl::Seconds(10));
  EXPECT_EQ(bad_id.status, 400);
}

// Disabled: about one run in 25 aborts in gRPC ("ref_counted.h: assertion failed: prior > 0")
// after the first client has gone and its backend stream is cancelled; the cause is not found
// yet (README, Not built yet). Run it with --gtest_also_run_disabled_tests.
TEST_F(GatewayServiceTest, DISABLED_EventStreamsBeyondTheLimitAreRefusedUntilOneCloses) {
  GatewayOptions options;
  options.max_streams = 1;
  options.keepalive = absl::Milliseconds(200);  // a gone client is noticed at the next comment
  StartGateway(options);
  const std::string hpo = "Authorization: Bearer " + Reviewer("high-prosecutors");
  const std::string url =
      WatchUrl(Url("/svcup.v1.ProgressReports/WatchReportEvents"), "orgs/high-prosecutors");
  std::thread holder([&] { testing::ReadEvents(url, {hpo}, 1, absl::Seconds(3)); });
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  while (gateway_->open_streams() == 0 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  const HttpAnswer second = testing::ReadEvents(url, {hpo}, 1, absl::Seconds(5));
  EXPECT_EQ(second.status, 429);
  holder.join();
  // Once the first client has gone its slot is free again.
  while (gateway_->open_streams() > 0 && absl::Now() < deadline + absl::Seconds(20)) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(gateway_->open_streams(), 0);
}

}  // namespace
}  // namespace svcup::gateway
