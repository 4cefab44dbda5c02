// End-to-end: the real svcup-plans binary on a temporary database. Writes, SIGKILL, restart,
// and everything acknowledged is read back; SIGTERM drains and exits 0; /metrics counts calls.
#include <gmock/gmock.h>
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "common/auth/authenticator.h"
#include "common/server/health_probe.h"
#include "tests/testing/child_process.h"
#include "tests/testing/plans_fixture.h"
#include "tests/testing/postgres_cluster.h"

namespace svcup {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::Context;

class PlansBinaryTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::WriteTestKeys(dir_.path()); }

  // Starts the binary (this build's, unless named) and connects a stub to it.
  std::unique_ptr<testing::ChildProcess> Start(const std::string& binary = SVCUP_PLANS_BINARY,
                                               const std::vector<std::string>& extra_args = {}) {
    testing::RunningService service =
        testing::StartService(binary, "plans", dir_.path(), extra_args);
    EXPECT_NE(service.ports.grpc, 0) << "the plans binary did not start; see its log";
    ports_ = service.ports;
    stub_ = v1::PlanRegistry::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", ports_.grpc), grpc::InsecureChannelCredentials()));
    return std::move(service.process);
  }

  // What the binary wrote to its log.
  std::string Log() const {
    std::ifstream log(dir_.path() + "/plans.log");
    std::stringstream text;
    text << log.rdbuf();
    return text.str();
  }

  std::string Token(const std::string& org, v1::Role role) {
    return testing::TokenFor(org, role, absl::Now(), "e2e");
  }

  testing::TempDir dir_;
  testing::Ports ports_;
  std::unique_ptr<v1::PlanRegistry::Stub> stub_;
};

TEST_F(PlansBinaryTest, AcknowledgedWritesSurviveSigkillAndRestart) {
  auto process = Start();
  ASSERT_NE(stub_, nullptr);
  const std::string staff = Token("dpo-taipei", v1::ROLE_AGENCY_STAFF);
  const std::string head = Token("dpo-taipei", v1::ROLE_AGENCY_HEAD);

  v1::CreateExecutionPlanRequest create;
  create.set_parent("orgs/dpo-taipei");
  create.set_year(2018);
  *create.mutable_content() = testing::CompleteDraft("臺北地檢署107年度執行計畫");
  create.set_request_id("e2e-create");
  v1::ExecutionPlan draft, approved, published, kinmen;
  ASSERT_TRUE(stub_->CreateExecutionPlan(Context(staff).get(), create, &draft).ok());
  v1::ApproveExecutionPlanRequest approve;
  approve.set_name(draft.name());
  approve.set_etag(draft.etag());
  approve.set_request_id("e2e-approve");
  ASSERT_TRUE(stub_->ApproveExecutionPlan(Context(head).get(), approve, &approved).ok());
  v1::PublishExecutionPlanRequest publish;
  publish.set_name(draft.name());
  publish.add_urls("https://www.tpc.moj.gov.tw/107.pdf");
  publish.set_etag(approved.etag());
  publish.set_request_id("e2e-publish");
  ASSERT_TRUE(stub_->PublishExecutionPlan(Context(staff).get(), publish, &published).ok());
  create.set_parent("orgs/dpo-kinmen");
  create.set_request_id("e2e-kinmen");
  ASSERT_TRUE(stub_->CreateExecutionPlan(Context(Token("dpo-kinmen", v1::ROLE_AGENCY_STAFF)).get(),
                                         create, &kinmen)
                  .ok());

  // Metrics saw those calls, labelled by method and code.
  const std::string metrics = testing::HttpGet(ports_.metrics, "/metrics");
  EXPECT_THAT(metrics, ::testing::HasSubstr(
                           "grpc_server_handled_total{grpc_code=\"OK\",grpc_method="
                           "\"PublishExecutionPlan\",grpc_service=\"svcup.v1.PlanRegistry\","
                           "grpc_type=\"unary\"} 1"));
  EXPECT_THAT(metrics, ::testing::HasSubstr("svcup_build_info{"));

  process->Signal(SIGKILL);
  ASSERT_EQ(process->Wait(absl::Seconds(10)), 128 + SIGKILL);

  process = Start();
  ASSERT_NE(stub_, nullptr);
  v1::GetExecutionPlanRequest get;
  get.set_name("orgs/dpo-taipei/executionPlans/2018");
  v1::ExecutionPlan read;
  ASSERT_TRUE(stub_->GetExecutionPlan(Context("").get(), get, &read).ok());
  EXPECT_EQ(read.etag(), published.etag());
  EXPECT_EQ(read.state(), v1::EXECUTION_PLAN_STATE_PUBLISHED);
  EXPECT_EQ(read.approval().approved_by().role(), v1::ROLE_AGENCY_HEAD);
  EXPECT_EQ(read.publication().urls(0), "https://www.tpc.moj.gov.tw/107.pdf");
  get.set_name("orgs/dpo-kinmen/executionPlans/2018");
  ASSERT_TRUE(stub_->GetExecutionPlan(Context(Token("moj", v1::ROLE_MINISTRY_OFFICER)).get(), get,
                                      &read)
                  .ok());
  EXPECT_EQ(read.etag(), kinmen.etag());

  // The request ledger survived too: retrying the publish replays its answer.
  v1::ExecutionPlan replay;
  ASSERT_TRUE(stub_->PublishExecutionPlan(Context(staff).get(), publish, &replay).ok());
  EXPECT_EQ(replay.etag(), published.etag());

  // Restarting did not load the shipped 2018 plan a second time.
  v1::ListAuditRecordsRequest audit;
  v1::ListAuditRecordsResponse records;
  ASSERT_TRUE(stub_->ListAuditRecords(Context(Token("moj", v1::ROLE_OPERATOR)).get(), audit,
                                      &records)
                  .ok());
  ASSERT_EQ(records.records_size(), 5);
  EXPECT_EQ(records.records(0).action(), "LoadShippedPlan");
  EXPECT_EQ(records.records(4).action(), "CreateExecutionPlan");

  process->Signal(SIGTERM);
  EXPECT_EQ(process->Wait(absl::Seconds(15)), 0);
}

// With TLS on the main port, Kubernetes' gRPC probes (which speak no TLS) use the plaintext
// health-only port; it mirrors the main server's status, and serves nothing else.
TEST_F(PlansBinaryTest, ServesTlsWithAPlaintextHealthOnlyPort) {
  const std::string cert = dir_.path() + "/server.crt", key = dir_.path() + "/server.key";
  ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
                         "-addext subjectAltName=IP:127.0.0.1 -keyout " + key + " -out " + cert +
                         " >/dev/null 2>&1").c_str()),
            0);
  testing::RunningService service = testing::StartService(
      SVCUP_PLANS_BINARY, "plans", dir_.path(),
      {"--tls_cert_file=" + cert, "--tls_key_file=" + key, "--health_listen=127.0.0.1:0"});
  ASSERT_NE(service.ports.grpc, 0);
  ASSERT_NE(service.ports.health, 0);

  auto health = grpc::CreateChannel(absl::StrCat("127.0.0.1:", service.ports.health),
                                    grpc::InsecureChannelCredentials());
  EXPECT_EQ(*CheckHealth(health, "", absl::Seconds(5)), ServingStatus::kServing);
  EXPECT_EQ(*CheckHealth(health, "svcup.v1.PlanRegistry", absl::Seconds(5)),
            ServingStatus::kServing);
  // The health port serves health only.
  auto plaintext = v1::PlanRegistry::NewStub(health);
  v1::GetOrganisationRequest request;
  request.set_name("orgs/moj");
  v1::Organisation org;
  EXPECT_EQ(plaintext->GetOrganisation(Context("").get(), request, &org).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  // The main port speaks TLS.
  grpc::SslCredentialsOptions tls;
  std::ifstream cert_file(cert);
  std::stringstream pem;
  pem << cert_file.rdbuf();
  tls.pem_root_certs = pem.str();
  auto secure = v1::PlanRegistry::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", service.ports.grpc), grpc::SslCredentials(tls)));
  ASSERT_TRUE(secure->GetOrganisation(Context("").get(), request, &org).ok());
  EXPECT_EQ(org.code(), "moj");

  service.process->Signal(SIGTERM);
  EXPECT_EQ(service.process->Wait(absl::Seconds(15)), 0);
}

// Mutual TLS: the client certificate's URI SAN is the caller; a token on the same call must name
// the same holder; no certificate, no connection.
TEST_F(PlansBinaryTest, TakesTheCallerFromTheClientCertificate) {
  const std::string d = dir_.path() + "/";
  const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  // issue NAME SAN: a key and a certificate signed by the test CA.
  const auto issue = [&](const std::string& name, const std::string& san) {
    std::ofstream(d + name + ".ext") << "subjectAltName=" << san << "\n";
    return std::system(("openssl req " + ec + " -subj /CN=" + name + " -keyout " + d + name +
                        ".key -out " + d + name + ".csr >/dev/null 2>&1 && openssl x509 -req -in " +
                        d + name + ".csr -CA " + d + "ca.crt -CAkey " + d + "ca.key " +
                        "-CAcreateserial -days 1 -extfile " + d + name + ".ext -out " + d + name +
                        ".crt >/dev/null 2>&1")
                           .c_str());
  };
  ASSERT_EQ(std::system(("openssl req -x509 " + ec + " -days 1 -subj /CN=svcup-test-ca -keyout " +
                         d + "ca.key -out " + d + "ca.crt >/dev/null 2>&1")
                            .c_str()),
            0);
  const std::string domain = "spiffe://svcup.moj.gov.tw/";
  ASSERT_EQ(issue("server", "IP:127.0.0.1"), 0);
  ASSERT_EQ(issue("operator", "URI:" + domain + "orgs/moj/roles/operator/subjects/ops"), 0);
  ASSERT_EQ(issue("staff", "URI:" + domain + "orgs/dpo-taipei/roles/agency-staff/subjects/chen"), 0);
  ASSERT_EQ(issue("bad", "URI:" + domain + "orgs/moj/roles/king/subjects/x"), 0);
  ASSERT_EQ(issue("anonymous", "DNS:client.example"), 0);  // CA-signed, names no caller
  ASSERT_EQ(issue("gateway", "URI:" + domain + "orgs/svc-gateway/roles/service/subjects/gateway"),
            0);
  testing::RunningService service = testing::StartService(
      SVCUP_PLANS_BINARY, "plans", dir_.path(),
      {"--tls_cert_file=" + d + "server.crt", "--tls_key_file=" + d + "server.key",
       "--tls_client_ca_file=" + d + "ca.crt"});
  ASSERT_NE(service.ports.grpc, 0);

  const auto read = [&](const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  // audit RPC as the holder of certificate `name` ("" for none), with `token` if any, relaying
  // the certificate identity `relayed` if any.
  const auto audit = [&](const std::string& name, const std::string& token,
                         const std::string& relayed = "") {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = read(d + "ca.crt");
    if (!name.empty()) {
      tls.pem_cert_chain = read(d + name + ".crt");
      tls.pem_private_key = read(d + name + ".key");
    }
    auto stub = v1::PlanRegistry::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", service.ports.grpc), grpc::SslCredentials(tls)));
    v1::ListAuditRecordsRequest request;
    v1::ListAuditRecordsResponse response;
    auto context = Context(token);
    if (!relayed.empty()) context->AddMetadata(Authenticator::kRelayedCertificateMetadata, relayed);
    return stub->ListAuditRecords(context.get(), request, &response);
  };
  EXPECT_EQ(audit("operator", "").error_code(), grpc::StatusCode::OK);
  EXPECT_EQ(audit("operator", Token("moj", v1::ROLE_OPERATOR)).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);  // the token's subject is "e2e", not "ops"
  const grpc::Status staff = audit("staff", "");
  EXPECT_EQ(staff.error_code(), grpc::StatusCode::PERMISSION_DENIED) << staff.error_message();
  const grpc::Status bad = audit("bad", "");
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(bad.error_message(), ::testing::HasSubstr("\"king\" is not a role"));
  EXPECT_EQ(audit("", "").error_code(), grpc::StatusCode::UNAVAILABLE);  // no certificate
  // A certificate without an identity does not let a bearer token decide who calls.
  const grpc::Status anonymous = audit("anonymous", Token("moj", v1::ROLE_OPERATOR));
  EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(anonymous.error_message(),
              ::testing::HasSubstr("the client certificate names no caller"));

  // The HTTP gateway's certificate relays its callers: the token it passes on decides.
  EXPECT_EQ(audit("gateway", Token("moj", v1::ROLE_OPERATOR)).error_code(), grpc::StatusCode::OK);
  EXPECT_EQ(audit("gateway", Token("dpo-taipei", v1::ROLE_AGENCY_STAFF)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // ... and the identity of the certificate its own caller presented, which only it may relay.
  const std::string operator_uri = domain + "orgs/moj/roles/operator/subjects/ops";
  EXPECT_EQ(audit("gateway", "", operator_uri).error_code(), grpc::StatusCode::OK);
  EXPECT_EQ(audit("gateway", "", domain + "orgs/dpo-taipei/roles/agency-staff/subjects/chen")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(audit("gateway", Token("moj", v1::ROLE_OPERATOR), operator_uri).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);  // the token names "e2e", the certificate "ops"
  EXPECT_EQ(audit("gateway", "", "spiffe://elsewhere.example/orgs/moj/roles/operator/subjects/x")
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(audit("staff", "", operator_uri).error_code(),  // not the relay: ignored
            grpc::StatusCode::PERMISSION_DENIED);
  const grpc::Status relayed_public = audit("gateway", "");  // as the public: no audit trail
  EXPECT_EQ(relayed_public.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(relayed_public.error_message(), ::testing::HasSubstr("credentials required"));

  service.process->Signal(SIGTERM);
  EXPECT_EQ(service.process->Wait(absl::Seconds(15)), 0);
}

TEST_F(PlansBinaryTest, TokensAreJudgedInRealTimeUnderTheDemoClock) {
  auto process = Start(SVCUP_PLANS_BINARY, {"--clock_start=2018-03-20T09:00:00+08:00"});
  ASSERT_NE(ports_.grpc, 0) << Log();
  v1::GetImplementationPlanRequest request;
  request.set_name("implementationPlans/2018/draft");
  v1::ImplementationPlan plan;
  const auto code_with = [&](const std::string& token) {
    return stub_->GetImplementationPlan(Context(token).get(), request, &plan).error_code();
  };
  // Issued now for an hour: valid, though the service's clock reads 2018.
  EXPECT_EQ(code_with(testing::TokenFor("moj", v1::ROLE_MINISTRY_OFFICER, absl::Now(), "e2e",
                                        absl::Hours(1))),
            grpc::StatusCode::NOT_FOUND);  // authenticated: there is no 2018 draft
  // Expired in real time (valid on the demo's 2018 date): refused.
  const absl::Time in_2018 = absl::FromCivil(absl::CivilSecond(2018, 3, 20, 0, 0, 0),
                                             absl::UTCTimeZone());
  EXPECT_EQ(code_with(testing::TokenFor("moj", v1::ROLE_MINISTRY_OFFICER, in_2018, "e2e",
                                        absl::Hours(24))),
            grpc::StatusCode::UNAUTHENTICATED);
}

// SIGTERM under load: every call the server took in finishes (OK) within the drain timeout and
// has its access-log line; calls refused because the server is stopping say so (UNAVAILABLE);
// none is cut off (CANCELLED).
TEST_F(PlansBinaryTest, ASigtermUnderLoadFinishesAndLogsEveryCallItTookIn) {
  // 32 public callers on one address: the rate limit is lifted, this measures draining.
  auto process = Start(SVCUP_PLANS_BINARY, {"--rate_limit_per_second=0"});
  ASSERT_NE(stub_, nullptr);
  constexpr int kClients = 32;
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::map<grpc::StatusCode, int> codes;
  std::set<std::string> messages;
  int turned_away = 0;  // answered UNAVAILABLE by the stopping server itself
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      // Each client its own connection, as separate agency systems would have.
      grpc::ChannelArguments args;
      args.SetInt("grpc.client_index", i);
      auto stub = v1::PlanRegistry::NewStub(grpc::CreateCustomChannel(
          absl::StrCat("127.0.0.1:", ports_.grpc), grpc::InsecureChannelCredentials(), args));
      v1::GetOrganisationRequest request;
      request.set_name("orgs/dpo-taipei");
      for (int n = 0; n < 100000 && !stop; ++n) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        v1::Organisation org;
        const grpc::Status status = stub->GetOrganisation(&context, request, &org);
        const grpc::StatusCode code = status.error_code();
        std::lock_guard<std::mutex> lock(mutex);
        if (!status.ok()) messages.insert(status.error_message());
        if (absl::StartsWith(status.error_message(), "the service is stopping")) ++turned_away;
        ++codes[code];
        if (code != grpc::StatusCode::OK) break;  // the server is going: this client stops
      }
    });
  }
  absl::SleepFor(absl::Milliseconds(1500));
  process->Signal(SIGTERM);
  const std::optional<int> exit_code = process->Wait(absl::Seconds(20));
  stop = true;
  for (auto& client : clients) client.join();
  EXPECT_EQ(exit_code, 0);

  std::string summary;
  for (const auto& [code, count] : codes) absl::StrAppend(&summary, code, "=", count, " ");
  for (const auto& m : messages) absl::StrAppend(&summary, "\n  ", m);
  EXPECT_EQ(codes.count(grpc::StatusCode::CANCELLED), 0u) << summary;
  for (const auto& [code, count] : codes) {
    EXPECT_TRUE(code == grpc::StatusCode::OK || code == grpc::StatusCode::UNAVAILABLE) << summary;
  }
  // One access-log line per call the server answered, OK or turned away.
  const std::string log = Log();
  const auto count_lines = [&](const std::string& status) {
    const std::string line = "\"rpc\":\"/svcup.v1.PlanRegistry/GetOrganisation\",\"status\":\"" +
                             status + "\"";
    int n = 0;
    for (size_t at = log.find(line); at != std::string::npos; at = log.find(line, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count_lines("OK"), codes[grpc::StatusCode::OK]) << summary;
  EXPECT_EQ(count_lines("UNAVAILABLE"), turned_away) << summary;
  EXPECT_GT(turned_away, 0) << summary;  // the clients were still calling when it stopped
}

TEST_F(PlansBinaryTest, ACallerOverItsRateIsToldWhenToRetry) {
  auto process = Start(SVCUP_PLANS_BINARY, {"--rate_limit_per_second=1", "--rate_limit_burst=2"});
  ASSERT_NE(stub_, nullptr);
  v1::GetOrganisationRequest request;
  request.set_name("orgs/moj");
  v1::Organisation org;
  const auto call = [&](const std::string& token) {
    return stub_->GetOrganisation(Context(token).get(), request, &org);
  };
  EXPECT_TRUE(call("").ok());
  EXPECT_TRUE(call("").ok());
  const grpc::Status limited = call("");  // the public, on this address, past its burst
  EXPECT_EQ(limited.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(limited.error_message(), HasSubstr("rate limit: at most 1 calls a second"));
  EXPECT_FALSE(limited.error_details().empty());  // a google.rpc.Status with a RetryInfo
  // Another caller has a budget of its own.
  EXPECT_TRUE(call(Token("dpo-taipei", v1::ROLE_AGENCY_STAFF)).ok());
  const std::string metrics = testing::HttpGet(ports_.metrics, "/metrics");
  EXPECT_THAT(metrics, HasSubstr("svcup_rate_limited_total 1"));
}

TEST_F(PlansBinaryTest, HelpListsTheServicesOwnFlags) {
  testing::ChildProcess process(SVCUP_PLANS_BINARY, {"--help"}, dir_.path() + "/help.txt");
  EXPECT_EQ(process.Wait(absl::Seconds(10)), 1);  // Abseil's exit code after --help
  std::ifstream file(dir_.path() + "/help.txt");
  std::stringstream help;
  help << file.rdbuf();
  EXPECT_THAT(help.str(), HasSubstr("--seed_dir"));
  EXPECT_THAT(help.str(), HasSubstr("--drain_timeout"));
  EXPECT_THAT(help.str(), HasSubstr("--database_url"));
  EXPECT_THAT(help.str(), Not(HasSubstr("No flags matched")));
  EXPECT_THAT(help.str(), Not(HasSubstr("--grpc_experiments")));  // libraries' flags: --helpfull
  EXPECT_THAT(help.str(), Not(HasSubstr("--plans_addr")));  // plans does not call itself
}

TEST_F(PlansBinaryTest, AnInstalledBinaryFindsTheDataInstalledWithIt) {
  const std::string prefix = dir_.path() + "/prefix";
  testing::ChildProcess install(SVCUP_CMAKE_COMMAND,
                                {"--install", SVCUP_BUILD_DIR, "--prefix", prefix},
                                dir_.path() + "/install.log");
  ASSERT_EQ(install.Wait(absl::Seconds(60)), 0);
  // Moved away from the source and build trees, with no --seed_dir.
  auto process = Start(prefix + "/bin/svcup-plans");
  ASSERT_NE(ports_.grpc, 0) << Log();
  v1::GetImplementationPlanRequest request;
  request.set_name("implementationPlans/2018");
  v1::ImplementationPlan plan;
  ASSERT_TRUE(stub_->GetImplementationPlan(Context("").get(), request, &plan).ok());
  EXPECT_EQ(plan.version(), 1);
  EXPECT_THAT(Log(), HasSubstr(prefix + "/bin/../share/svcup/plans"));
}

TEST_F(PlansBinaryTest, RefusesToStartWithoutATokenKeySet) {
  std::remove((dir_.path() + "/jwks.json").c_str());
  testing::ChildProcess process(SVCUP_PLANS_BINARY,
                                {"--data_dir=" + dir_.path(), "--listen=127.0.0.1:0",
                                 "--metrics_listen=off"},
                                dir_.path() + "/plans.log");
  EXPECT_EQ(process.Wait(absl::Seconds(15)), 1);
  EXPECT_THAT(Log(), ::testing::HasSubstr("svcup token keygen --jwks_file="));
}

// Settings that would serve less securely than asked are refused at start, saying what to do.
TEST_F(PlansBinaryTest, RefusesToStartLessSecurelyThanAsked) {
  const auto refusal = [&](std::vector<std::string> flags) {
    flags.insert(flags.end(), {"--data_dir=" + dir_.path(), "--metrics_listen=off"});
    testing::ChildProcess process(SVCUP_PLANS_BINARY, flags, dir_.path() + "/plans.log");
    const std::optional<int> code = process.Wait(absl::Seconds(15));
    const std::string log = Log();
    std::remove((dir_.path() + "/plans.log").c_str());
    return code == 1 ? log : "started: " + log;
  };
  // A client CA without the server's own certificate would have served plaintext.
  EXPECT_THAT(refusal({"--listen=127.0.0.1:0", "--tls_client_ca_file=" + dir_.path() + "/ca.crt"}),
              HasSubstr("--tls_client_ca_file asks for mutual TLS"));
  EXPECT_THAT(refusal({"--listen=127.0.0.1:0", "--tls_cert_file=" + dir_.path() + "/x.crt"}),
              HasSubstr("--tls_cert_file and --tls_key_file go together"));
  // Plaintext beyond loopback needs saying so.
  EXPECT_THAT(refusal({"--listen=0.0.0.0:0"}), HasSubstr("is not loopback and there is no TLS"));
  // A key set that is not one.
  testing::WriteSecretFile(dir_.path() + "/jwks.json", R"({"keys": [{"kty": "RSA", "kid": "a"}]})");
  EXPECT_THAT(refusal({"--listen=127.0.0.1:0"}), HasSubstr("jwks.json: key set: keys[0] "));
}

// Three replicas started at once over one PostgreSQL database migrate it once (under the
// migration lock) and serve the same data; the start-up line names the backend.
TEST_F(PlansBinaryTest, ReplicasShareOnePostgresDatabase) {
  if (testing::TestOnPostgres()) GTEST_SKIP() << "always on PostgreSQL: run once";
  const std::string url = testing::PostgresCluster::Shared().NewDatabase();
  std::vector<std::unique_ptr<testing::ChildProcess>> replicas;
  for (int i = 0; i < 3; ++i) {
    const std::string name = absl::StrCat("replica", i);
    replicas.push_back(std::make_unique<testing::ChildProcess>(
        SVCUP_PLANS_BINARY,
        std::vector<std::string>{"--data_dir=" + dir_.path(), "--listen=127.0.0.1:0",
                                 "--metrics_listen=off", "--database_url=" + url,
                                 "--port_file=" + dir_.path() + "/" + name + ".ports"},
        dir_.path() + "/" + name + ".log"));
  }
  std::vector<std::unique_ptr<v1::PlanRegistry::Stub>> stubs;
  for (int i = 0; i < 3; ++i) {
    auto ports = testing::WaitForPorts(absl::StrCat(dir_.path(), "/replica", i, ".ports"),
                                       absl::Seconds(30));
    if (!ports.has_value()) {
      std::ifstream log(absl::StrCat(dir_.path(), "/replica", i, ".log"));
      std::stringstream text;
      text << log.rdbuf();
      FAIL() << "replica " << i << " did not start in 30 s; its log:\n" << text.str();
    }
    stubs.push_back(v1::PlanRegistry::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", ports->grpc), grpc::InsecureChannelCredentials())));
  }
  // A draft made through one replica is read through another.
  v1::CreateExecutionPlanRequest create;
  create.set_parent("orgs/dpo-taipei");
  create.set_year(2018);
  *create.mutable_content() = testing::CompleteDraft("107年度服務躍升執行計畫");
  create.set_request_id("replicas-1");
  v1::ExecutionPlan created, read;
  const std::string staff = Token("dpo-taipei", v1::ROLE_AGENCY_STAFF);
  const grpc::Status status = stubs[0]->CreateExecutionPlan(Context(staff).get(), create, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::GetExecutionPlanRequest get;
  get.set_name(created.name());
  ASSERT_TRUE(stubs[2]->GetExecutionPlan(Context(staff).get(), get, &read).ok());
  EXPECT_EQ(read.etag(), created.etag());
  // The same request id sent to another replica is the same call.
  v1::ExecutionPlan replayed;
  ASSERT_TRUE(stubs[1]->CreateExecutionPlan(Context(staff).get(), create, &replayed).ok());
  EXPECT_EQ(replayed.etag(), created.etag());
  // Migrated once: one row per migration, whichever replica applied them.
  PGconn* conn = PQconnectdb(url.c_str());
  PGresult* rows = PQexec(conn, "SELECT COUNT(*), MAX(version) FROM svcup_plans.schema_migrations");
  ASSERT_EQ(PQresultStatus(rows), PGRES_TUPLES_OK) << PQerrorMessage(conn);
  EXPECT_STREQ(PQgetvalue(rows, 0, 0), PQgetvalue(rows, 0, 1));
  PQclear(rows);
  PQfinish(conn);
  std::ifstream log(dir_.path() + "/replica0.log");
  std::stringstream text;
  text << log.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr(R"("storage":"postgresql")"));
}

// A database that cannot be reached stops the start, saying so.
TEST_F(PlansBinaryTest, RefusesToStartWithoutItsDatabase) {
  testing::ChildProcess process(
      SVCUP_PLANS_BINARY,
      {"--data_dir=" + dir_.path(), "--listen=127.0.0.1:0", "--metrics_listen=off",
       "--database_url=postgresql://svcup@127.0.0.1:1/svcup?connect_timeout=2"},
      dir_.path() + "/plans.log");
  EXPECT_EQ(process.Wait(absl::Seconds(15)), 1);
  EXPECT_THAT(Log(), HasSubstr("cannot connect to PostgreSQL"));
}

}  // namespace
}  // namespace svcup
