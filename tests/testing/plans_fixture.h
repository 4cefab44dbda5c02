// An in-process plans service on 127.0.0.1 (port 0) over a temporary SQLite database, with a
// fake clock, the shipped hierarchy and 2018 plan, and helpers to mint tokens and call it
// through the generated stub.
#ifndef SVCUP_TESTS_TESTING_PLANS_FIXTURE_H_
#define SVCUP_TESTS_TESTING_PLANS_FIXTURE_H_

#include <google/protobuf/text_format.h>
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "common/auth/authenticator.h"
#include "common/auth/token.h"
#include "common/calendar/roc_calendar.h"
#include "common/files.h"
#include "common/server/service_host.h"
#include "common/storage/sqlite_database.h"
#include "services/plans/plan_loader.h"
#include "services/plans/plan_registry.h"
#include "services/plans/plans_service.h"
#include "services/plans/sql_plan_store.h"
#include "svcup/v1/plans.grpc.pb.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_keys.h"

namespace svcup::testing {

// The folder of the shipped plans data (organisations and the 2018 plan).
inline std::string PlansSeedDir() { return SVCUP_PLANS_SEED_DIR; }

// A change a test makes to the shipped hierarchy (a unit closing mid-year, say).
using HierarchyEdit = std::function<void(v1::OrganisationDirectory&)>;

// The shipped hierarchy with `edit` applied.
inline OrganisationDirectory TestHierarchy(const HierarchyEdit& edit) {
  auto text = ReadFile(PlansSeedDir() + "/organisations.textproto");
  v1::OrganisationDirectory data;
  EXPECT_TRUE(text.ok() && google::protobuf::TextFormat::ParseFromString(*text, &data));
  if (edit) edit(data);
  auto directory = OrganisationDirectory::Build(data);
  EXPECT_TRUE(directory.ok()) << directory.status();
  return *std::move(directory);
}

// Sets the opening or closing date of `code` in hierarchy data.
inline void SetOrganisationDate(v1::OrganisationDirectory& data, absl::string_view code,
                                bool closing, absl::CivilDay day) {
  for (v1::Organisation& org : *data.mutable_organisations()) {
    if (org.code() != code) continue;
    *(closing ? org.mutable_close_date() : org.mutable_open_date()) = DateToProto(day);
  }
}

// A running in-process plans service.
class PlansServer {
 public:
  // Starts on `database_path` (created if missing) with the clock at 2018-03-01 10:00 Taipei,
  // serving the shipped hierarchy with `edit` applied.
  explicit PlansServer(const std::string& database_path,
                       absl::Duration drain_grace = absl::ZeroDuration(),
                       const HierarchyEdit& edit = nullptr)
      : clock_(StartOfTaipeiDay(absl::CivilDay(2018, 3, 1)) + absl::Hours(10)),
        directory_(TestHierarchy(edit)),
        authenticator_(TestTrustedKeys(), clock_, kDefaultTrustDomain, TestTokenRules()) {
    store_ = *plans::SqlPlanStore::Open(OpenTestDatabase(database_path));
    registry_ = std::make_unique<plans::PlanRegistry>(*store_, directory_, clock_);
    EXPECT_TRUE(plans::LoadShippedPlans(*registry_, PlansSeedDir()).ok());
    service_ = std::make_unique<plans::PlansService>(*registry_, authenticator_);
    ServerConfig config;
    config.service_name = "plans";
    config.listen_address = "127.0.0.1:0";
    config.drain_timeout = absl::Seconds(2);
    config.drain_grace = drain_grace;
    host_ = *ServiceHost::Start(
        config, {{service_.get(), v1::PlanRegistry::service_full_name()}}, metrics_);
    stub_ = v1::PlanRegistry::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", host_->port()), grpc::InsecureChannelCredentials()));
  }

  ~PlansServer() { host_->Shutdown(); }

  // Drains and stops the server (health NOT_SERVING first). Idempotent.
  void Shutdown() { host_->Shutdown(); }
  // The registry the server records its metrics in.
  prometheus::Registry& metrics() { return *metrics_; }

  v1::PlanRegistry::Stub& stub() { return *stub_; }
  FakeClock& clock() { return clock_; }
  plans::PlanRegistry& registry() { return *registry_; }
  int port() const { return host_->port(); }

 private:
  FakeClock clock_;
  OrganisationDirectory directory_;
  Authenticator authenticator_;
  std::unique_ptr<plans::PlanStore> store_;
  std::unique_ptr<plans::PlanRegistry> registry_;
  std::unique_ptr<plans::PlansService> service_;
  std::shared_ptr<prometheus::Registry> metrics_ = std::make_shared<prometheus::Registry>();
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::PlanRegistry::Stub> stub_;
};

// A client context with a 10-second deadline and, unless `token` is empty, a bearer token.
inline std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  return context;
}

// A complete execution plan draft for the 2018 plan.
inline v1::ExecutionPlanContent CompleteDraft(const std::string& title) {
  v1::ExecutionPlanContent c;
  c.set_title(title);
  c.set_basis("法務部107年度服務躍升實施計畫");
  c.set_goals("提升為民服務品質");
  c.set_targets("本署各單位");
  auto* m1 = c.add_measures();
  m1->set_measure_code("1.1");
  m1->set_title("訂定標準作業流程");
  auto* m2 = c.add_measures();
  m2->set_measure_code("2.3");
  m2->set_title("辦理滿意度調查");
  c.set_implementation_steps("一、成立工作小組");
  c.set_evaluation("每半年檢討");
  c.set_rewards("依規定敘獎");
  auto* p1 = c.add_priorities();
  p1->set_rank(1);
  p1->set_title("單一窗口");
  auto* p2 = c.add_priorities();
  p2->set_rank(2);
  p2->set_title("線上申辦");
  return c;
}

}  // namespace svcup::testing

#endif  // SVCUP_TESTS_TESTING_PLANS_FIXTURE_H_
