// An in-process reviews service on 127.0.0.1 (port 0) calling in-process plans and reports
// services over gRPC, on the plans server's clock.
#ifndef SVCUP_TESTS_TESTING_REVIEWS_FIXTURE_H_
#define SVCUP_TESTS_TESTING_REVIEWS_FIXTURE_H_

#include <functional>
#include <memory>
#include <string>

#include "common/auth/service_credentials.h"
#include "services/reviews/grpc_reports_client.h"
#include "services/reviews/review_registry.h"
#include "services/reviews/reviews_service.h"
#include "services/reviews/sql_review_store.h"
#include "svcup/v1/reviews.grpc.pb.h"
#include "tests/testing/reports_fixture.h"
#include "tests/testing/test_database.h"

namespace svcup::testing {

// A running in-process reviews service.
class ReviewsServer {
 public:
  // Wraps the real reports client (a test may put a fault-injecting one around it).
  using WrapReports =
      std::function<std::unique_ptr<reviews::ReportsClient>(std::unique_ptr<reviews::ReportsClient>)>;

  ReviewsServer(const std::string& database_path, int plans_port, int reports_port,
                FakeClock& clock, WrapReports wrap = nullptr,
                const std::string& reminder_email = "")
      : clock_(clock),
        authenticator_(TestTrustedKeys(), clock_, kDefaultTrustDomain, TestTokenRules()),
        credentials_(TestServiceKey("reviews"), "reviews", clock_),
        plans_(grpc::CreateChannel(absl::StrCat("127.0.0.1:", plans_port),
                                   grpc::InsecureChannelCredentials()),
               clock_, {}) {
    std::unique_ptr<reviews::ReportsClient> reports =
        std::make_unique<reviews::GrpcReportsClient>(
            grpc::CreateChannel(absl::StrCat("127.0.0.1:", reports_port),
                                grpc::InsecureChannelCredentials()),
            credentials_);
    reports_ = wrap ? wrap(std::move(reports)) : std::move(reports);
    store_ = *reviews::SqlReviewStore::Open(OpenTestDatabase(database_path));
    registry_ = std::make_unique<reviews::ReviewRegistry>(*store_, plans_, *reports_, clock_,
                                                          reminder_email);
    service_ = std::make_unique<reviews::ReviewsService>(*registry_, authenticator_);
    ServerConfig config;
    config.service_name = "reviews";
    config.listen_address = "127.0.0.1:0";
    config.drain_timeout = absl::Seconds(2);
    host_ = *ServiceHost::Start(config, {{service_.get(), v1::Reviews::service_full_name()}},
                                std::make_shared<prometheus::Registry>());
    stub_ = v1::Reviews::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()),
                                                     grpc::InsecureChannelCredentials()));
  }
  ~ReviewsServer() { host_->Shutdown(); }

  v1::Reviews::Stub& stub() { return *stub_; }
  // The domain behind the server (what the background reminder scheduler drives).
  reviews::ReviewRegistry& registry() { return *registry_; }

 private:
  FakeClock& clock_;
  Authenticator authenticator_;
  ServiceCredentials credentials_;
  GrpcPlansGateway plans_;
  std::unique_ptr<reviews::ReportsClient> reports_;
  std::unique_ptr<reviews::ReviewStore> store_;
  std::unique_ptr<reviews::ReviewRegistry> registry_;
  std::unique_ptr<reviews::ReviewsService> service_;
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::Reviews::Stub> stub_;
};

}  // namespace svcup::testing

#endif  // SVCUP_TESTS_TESTING_REVIEWS_FIXTURE_H_
