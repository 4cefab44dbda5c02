// An in-process reports service on 127.0.0.1 (port 0), talking to an in-process plans service
// over gRPC, with the clock of the plans server, and helpers to draft and submit reports.
#ifndef SVCUP_TESTS_TESTING_REPORTS_FIXTURE_H_
#define SVCUP_TESTS_TESTING_REPORTS_FIXTURE_H_

#include <memory>
#include <string>

#include "common/hierarchy/grpc_plans_gateway.h"
#include "services/reports/report_registry.h"
#include "services/reports/reports_service.h"
#include "services/reports/sql_report_store.h"
#include "svcup/v1/reports.grpc.pb.h"
#include "tests/testing/plans_fixture.h"
#include "tests/testing/test_database.h"

namespace svcup::testing {

// A running in-process reports service.
class ReportsServer {
 public:
  // Serves from `database_path`, asking plans at 127.0.0.1:`plans_port`, on `clock`.
  ReportsServer(const std::string& database_path, int plans_port, FakeClock& clock,
                GrpcPlansGateway::Options gateway_options = {})
      : clock_(clock),
        authenticator_(TestTrustedKeys(), clock_, kDefaultTrustDomain, TestTokenRules()),
        gateway_(grpc::CreateChannel(absl::StrCat("127.0.0.1:", plans_port),
                                     grpc::InsecureChannelCredentials()),
                 clock_, gateway_options) {
    store_ = *reports::SqlReportStore::Open(OpenTestDatabase(database_path));
    registry_ = std::make_unique<reports::ReportRegistry>(*store_, gateway_, events_, clock_);
    reports::ReportStreamLimits limits;
    limits.watch_poll = absl::Milliseconds(50);
    service_ =
        std::make_unique<reports::ReportsService>(*registry_, events_, authenticator_, limits);
    ServerConfig config;
    config.service_name = "reports";
    config.listen_address = "127.0.0.1:0";
    config.drain_timeout = absl::Seconds(2);
    host_ = *ServiceHost::Start(
        config, {{service_.get(), v1::ProgressReports::service_full_name()}},
        std::make_shared<prometheus::Registry>());
    host_->OnDrain([this] { events_.Close(); });
    stub_ = v1::ProgressReports::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", host_->port()), grpc::InsecureChannelCredentials()));
  }
  ~ReportsServer() { host_->Shutdown(); }

  v1::ProgressReports::Stub& stub() { return *stub_; }
  int port() const { return host_->port(); }

 private:
  FakeClock& clock_;
  Authenticator authenticator_;
  GrpcPlansGateway gateway_;
  EventNotifier events_;
  std::unique_ptr<reports::ReportStore> store_;
  std::unique_ptr<reports::ReportRegistry> registry_;
  std::unique_ptr<reports::ReportsService> service_;
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::ProgressReports::Stub> stub_;
};

// Report content that is ready to submit for 2018 period `period`.
inline v1::ReportContent CompleteReport(int period) {
  v1::ReportContent c;
  *c.mutable_as_of_date() = DateToProto(period == 1 ? absl::CivilDay(2018, 6, 30)
                                                    : absl::CivilDay(2018, 12, 31));
  auto* r = c.add_measure_results();
  r->set_measure_code("2.3");
  r->set_actions_taken("辦理民眾滿意度調查");
  r->set_results("滿意度較去年提升");
  auto* indicator = r->add_indicators();
  indicator->set_name("民眾滿意度");
  indicator->set_value(91.5);
  indicator->set_unit("%");
  r->add_evidence_links("https://www.example.gov.tw/survey-107.pdf");
  auto* meeting = c.add_meetings();
  *meeting->mutable_date() = DateToProto(absl::CivilDay(2018, 3, 15));
  meeting->add_participants("主任檢察官");
  meeting->set_decisions("檢討服務流程");
  c.set_summary("執行成果摘要");
  return c;
}

}  // namespace svcup::testing

#endif  // SVCUP_TESTS_TESTING_REPORTS_FIXTURE_H_
