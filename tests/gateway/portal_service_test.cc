// The public portal over HTTP in front of an in-process plans service: the pages in both
// languages, the search, a plan's publication and lateness, drafts kept out, the downloads, the
// implementation plan, escaping, the static files and the security headers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/gateway/gateway_service.h"
#include "services/gateway/html_page.h"
#include "services/gateway/http_server.h"
#include "tests/plans/plans_service_fixture.h"
#include "tests/testing/http_client.h"

namespace svcup::gateway {
namespace {

using ::testing::HasSubstr;
using testing::HttpAnswer;
using ::testing::Not;

class PortalServiceTest : public plans::PlansServiceTest {
 protected:
  PortalServiceTest()
      : channel_(grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_.port()),
                                     grpc::InsecureChannelCredentials())),
        catalog_(RpcCatalog::Suite()),
        backends_({channel_, channel_, channel_}),
        // Nothing kept: each page reads what the test has just published.
        public_plans_(channel_, absl::Seconds(10), absl::ZeroDuration()),
        portal_(public_plans_, catalog_, backends_),
        gateway_(catalog_, backends_, GatewayOptions(), &portal_),
        http_(*HttpServer::Start("127.0.0.1:0", HttpLimits(),
                                 [this](const HttpRequest& r) { return gateway_.Handle(r); })) {}

  HttpAnswer Get(const std::string& path) {
    return testing::HttpCall("GET", absl::StrCat("http://127.0.0.1:", http_->port(), path));
  }

  // Drafts, approves and publishes `org`'s 2018 plan titled `title`.
  v1::ExecutionPlan PublishPlan(const std::string& org, const std::string& title) {
    v1::CreateExecutionPlanRequest create;
    create.set_parent("orgs/" + org);
    create.set_year(2018);
    *create.mutable_content() = testing::CompleteDraft(title);
    create.set_request_id("create-" + org);
    v1::ExecutionPlan draft, approved, published;
    EXPECT_TRUE(
        stub().CreateExecutionPlan(testing::Context(Staff(org)).get(), create, &draft).ok());
    EXPECT_TRUE(Approve(Head(org), draft, &approved).ok());
    EXPECT_TRUE(Publish(Staff(org), approved, &published).ok());
    return published;
  }

  std::shared_ptr<grpc::Channel> channel_;
  RpcCatalog catalog_;
  GrpcBackends backends_;
  PublicPlans public_plans_;
  PortalService portal_;
  GatewayService gateway_;
  std::unique_ptr<HttpServer> http_;
};

TEST_F(PortalServiceTest, TheHomePageOffersEachYearInChineseOrEnglish) {
  const HttpAnswer home = Get("/");
  ASSERT_EQ(home.status, 200);
  EXPECT_EQ(home.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(home.Header("content-security-policy"), kPageSecurityPolicy);
  EXPECT_EQ(home.Header("x-content-type-options"), "nosniff");
  EXPECT_THAT(home.body, HasSubstr("<html lang=\"zh-Hant-TW\">"));
  EXPECT_THAT(home.body, HasSubstr("107年度（2018）"));
  EXPECT_THAT(home.body, HasSubstr("href=\"/plans?year=2018\""));
  EXPECT_THAT(home.body, HasSubstr("<a class=\"skip\" href=\"#main\">"));

  const HttpAnswer english = Get("/?lang=en");
  EXPECT_THAT(english.body, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(english.body, HasSubstr("2018 (ROC 107)"));
  EXPECT_THAT(english.body, HasSubstr("href=\"/plans?year=2018&lang=en\""));
  EXPECT_EQ(english.Header("content-language"), "en");
}

TEST_F(PortalServiceTest, ThePlanListShowsPublishedPlansBySupervisorAndSearch) {
  PublishPlan("dpo-taipei", "臺北地檢署107年度服務躍升執行計畫");
  PublishPlan("prison-taipei", "臺北監獄107年度服務躍升執行計畫");
  v1::ExecutionPlan draft;
  ASSERT_TRUE(CreatePlan(Staff("dpo-shilin"), "dpo-shilin", &draft, "create-shilin").ok());

  const HttpAnswer all = Get("/plans?year=2018");
  ASSERT_EQ(all.status, 200);
  EXPECT_THAT(all.body, HasSubstr("共 2 份已公告之執行計畫。"));
  EXPECT_THAT(all.body, HasSubstr("href=\"/plans/dpo-taipei/2018\""));
  EXPECT_THAT(all.body, HasSubstr("href=\"/plans/prison-taipei/2018\""));
  EXPECT_THAT(all.body, Not(HasSubstr("dpo-shilin")));  // a draft is not public

  const HttpAnswer corrections = Get("/plans?year=2018&supervisor=corrections");
  EXPECT_THAT(corrections.body, HasSubstr("共 1 份已公告之執行計畫。"));
  EXPECT_THAT(corrections.body, HasSubstr("prison-taipei"));
  const HttpAnswer searched = Get("/plans?year=2018&q=%E5%9C%B0%E6%AA%A2");  // 地檢
  EXPECT_THAT(searched.body, HasSubstr("共 1 份已公告之執行計畫。"));
  EXPECT_THAT(searched.body, HasSubstr("dpo-taipei"));
  EXPECT_THAT(Get("/plans?year=2018&q=nothing-matches").body, HasSubstr("共 0 份"));
  EXPECT_EQ(Get("/plans?year=1999").status, 404);
  EXPECT_EQ(Get("/plans?year=twenty").status, 404);
}

TEST_F(PortalServiceTest, APlanPageShowsItsPublicationAndLateness) {
  server_.clock().SetTaipeiDay(
      absl::CivilDay(2018, 4, 3));  // three days after the 31 March deadline
  PublishPlan("dpo-taipei", "臺北地檢署107年度服務躍升執行計畫");
  const HttpAnswer page = Get("/plans/dpo-taipei/2018");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body,
              HasSubstr("<h1>臺灣臺北地方法院檢察署 臺北地檢署107年度服務躍升執行計畫</h1>"));
  EXPECT_THAT(page.body, HasSubstr("<strong>逾期 3 日</strong>"));
  EXPECT_THAT(page.body, HasSubstr("期限 2018-03-31"));
  EXPECT_THAT(page.body, HasSubstr("href=\"https://www.tpc.moj.gov.tw/107-plan.pdf\""));
  EXPECT_THAT(page.body,
              HasSubstr("<dd>臺灣高等法院檢察署</dd>"));  // its supervisor, as named then

  const HttpAnswer english = Get("/plans/dpo-taipei/2018?lang=en");
  EXPECT_THAT(english.body, HasSubstr("<strong>3 days late</strong>"));
  EXPECT_THAT(english.body, HasSubstr("Taiwan Taipei District Prosecutors Office"));
  EXPECT_THAT(english.body, HasSubstr("<div lang=\"zh-Hant-TW\"><p>提升為民服務品質</p></div>"));

  v1::ExecutionPlan draft;
  ASSERT_TRUE(CreatePlan(Staff("dpo-shilin"), "dpo-shilin", &draft, "create-shilin").ok());
  EXPECT_EQ(Get("/plans/dpo-shilin/2018").status, 404);  // drafts are not public
  EXPECT_EQ(Get("/plans/no-such-agency/2018").status, 404);
  EXPECT_EQ(Get("/plans/DPO%20TAIPEI/2018").status, 404);
}

TEST_F(PortalServiceTest, TextFromPlansIsEscaped) {
  PublishPlan("dpo-taipei", "<script>alert(1)</script>計畫");
  const HttpAnswer list = Get("/plans?year=2018");
  EXPECT_THAT(list.body, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;計畫"));
  EXPECT_THAT(list.body, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(Get("/plans/dpo-taipei/2018").body, Not(HasSubstr("<script>alert")));
  const HttpAnswer echoed = Get("/plans?year=2018&q=%22%3E%3Cb%3E");  // "><b>
  EXPECT_THAT(echoed.body, HasSubstr("value=\"&quot;&gt;&lt;b&gt;\""));
}

TEST_F(PortalServiceTest, TheOpenDataDownloadsAreTheExportsWithTheirLicence) {
  PublishPlan("dpo-taipei", "臺北地檢署107年度服務躍升執行計畫");
  const HttpAnswer page = Get("/open-data");
  EXPECT_THAT(page.body, HasSubstr("https://data.gov.tw/license"));
  EXPECT_THAT(page.body, HasSubstr("href=\"/open-data/execution-plans-2018.csv\""));
  EXPECT_THAT(page.body, HasSubstr("<code>days_late</code>"));

  const HttpAnswer csv = Get("/open-data/execution-plans-2018.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.Header("content-disposition"), "attachment; filename=\"execution-plans-2018.csv\"");
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_THAT(
      csv.body,
      HasSubstr(
          "orgs/dpo-taipei,臺灣臺北地方法院檢察署,Taiwan Taipei District Prosecutors Office"));
  const HttpAnswer json = Get("/open-data/execution-plans-2018.json");
  EXPECT_EQ(json.Header("content-type"), "application/json");
  EXPECT_THAT(json.body, HasSubstr("\"name\":\"orgs/dpo-taipei/executionPlans/2018\""));
  EXPECT_EQ(Get("/open-data/execution-plans-2018.xml").status, 404);
}

TEST_F(PortalServiceTest, TheImplementationPlanShowsItsMeasuresAndVersions) {
  const HttpAnswer page = Get("/implementation-plans/2018");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("法綜字第10701506380號"));
  EXPECT_THAT(page.body, HasSubstr("2.3 "));
  EXPECT_THAT(page.body, HasSubstr("原始版本"));
  EXPECT_EQ(Get("/implementation-plans/2030").status, 404);
  EXPECT_THAT(Get("/implementation-plans").body, HasSubstr("href=\"/implementation-plans/2018\""));
}

TEST_F(PortalServiceTest, StaticFilesHealthAndMethods) {
  const HttpAnswer dashboard = Get("/dashboard");
  ASSERT_EQ(dashboard.status, 200);
  EXPECT_EQ(dashboard.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_THAT(dashboard.body, HasSubstr("<script src=\"/assets/dashboard.js\" defer></script>"));
  EXPECT_EQ(Get("/assets/dashboard.js").Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(Get("/assets/portal.css").Header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(Get("/healthz").body, "ok\n");
  EXPECT_EQ(Get("/nowhere").status, 404);
  const HttpAnswer post = testing::HttpCall(
      "POST", absl::StrCat("http://127.0.0.1:", http_->port(), "/plans"), {}, "x");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.Header("allow"), "GET, HEAD");
}

}  // namespace
}  // namespace svcup::gateway
