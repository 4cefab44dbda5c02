// The gateway binary: flags and wiring only. JSON over HTTP/1.1 for every unary RPC of the
// suite, Server-Sent Events for its server streams (gateway_service.h), the public portal and
// the dashboard (portal_service.h).
#include <grpcpp/create_channel.h>
#include <prometheus/exposer.h>

#include <filesystem>
#include <fstream>
#include <tuple>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/files.h"
#include "common/metrics/grpc_metrics.h"
#include "common/server/log.h"
#include "common/server/service_host.h"
#include "services/gateway/gateway_service.h"
#include "services/gateway/http_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:8080", "HTTP address to serve on (port 0: any free)");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9464",
          "Address of the Prometheus /metrics endpoint (port 0: any free; off: none)");
ABSL_FLAG(std::string, plans_addr, "127.0.0.1:50051", "Address of the plans service");
ABSL_FLAG(std::string, reports_addr, "127.0.0.1:50052", "Address of the reports service");
ABSL_FLAG(std::string, reviews_addr, "127.0.0.1:50053", "Address of the reviews service");
ABSL_FLAG(std::vector<std::string>, cors_origins, {},
          "Origins whose pages may call the API (CORS), comma-separated; * for any");
ABSL_FLAG(absl::Duration, call_timeout, absl::Seconds(30),
          "Deadline of a call that sends no Connect-Timeout-Ms");
ABSL_FLAG(absl::Duration, max_call_timeout, absl::Seconds(60),
          "Longest deadline granted to a Connect-Timeout-Ms");
ABSL_FLAG(int, max_connections, 256, "HTTP connections open at once (one thread each)");
ABSL_FLAG(int, max_connections_per_address, 64, "HTTP connections open at once per address");
ABSL_FLAG(int64_t, max_body_bytes, 4 << 20, "Largest request body accepted");
ABSL_FLAG(int, max_event_streams, 64, "Event streams (Server-Sent Events) open at once");
ABSL_FLAG(double, rate_limit_per_second, 100,
          "Requests a second from one network address (0: no limit)");
ABSL_FLAG(double, rate_limit_burst, 200, "Burst of requests from one network address");
ABSL_FLAG(std::string, https_cert_file, "",
          "PEM certificate the gateway serves HTTPS with (default: plaintext HTTP)");
ABSL_FLAG(std::string, https_key_file, "", "PEM private key of --https_cert_file");
ABSL_FLAG(std::string, https_client_ca_file, "",
          "PEM CA that signs HTTP clients' certificates: a client may then present one, whose "
          "URI SAN names the caller to the services (relayed, as the services' own mutual TLS)");
ABSL_FLAG(std::string, tls_peer_ca_file, "",
          "PEM CA bundle that signed the services' certificates: calls to them use TLS "
          "(default: plaintext)");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM client certificate for services that demand mutual TLS; its URI SAN names the "
          "gateway (spiffe://<trust domain>/orgs/svc-gateway/roles/service/subjects/gateway), "
          "the one holder whose calls the services judge by the caller's token it relays");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file");
ABSL_FLAG(bool, portal, true,
          "Serve the public portal and the dashboard at / (false: the JSON API only)");
ABSL_FLAG(int, portal_first_year, 2018, "The first year the portal offers");
ABSL_FLAG(std::string, port_file, "",
          "Write the bound ports here after start (http=N, metrics=N lines)");

int main(int argc, char** argv) {
  svcup::BlockTerminationSignals();
  absl::SetProgramUsageMessage(
      "svcup gateway: every unary RPC of plans, reports and reviews as JSON over HTTP "
      "(the Connect protocol's unary form), server streams as Server-Sent Events, the public "
      "portal and the supervisors' dashboard");
  absl::ParseCommandLine(argc, argv);
  svcup::SetLogService("gateway");

  svcup::gateway::GatewayOptions options;
  options.cors_origins = absl::GetFlag(FLAGS_cors_origins);
  options.default_timeout = absl::GetFlag(FLAGS_call_timeout);
  options.max_timeout = absl::GetFlag(FLAGS_max_call_timeout);
  options.max_streams = absl::GetFlag(FLAGS_max_event_streams);
  options.rate_per_second = absl::GetFlag(FLAGS_rate_limit_per_second);
  options.rate_burst = absl::GetFlag(FLAGS_rate_limit_burst);
  svcup::gateway::HttpLimits limits;
  limits.max_connections = absl::GetFlag(FLAGS_max_connections);
  limits.max_connections_per_address = absl::GetFlag(FLAGS_max_connections_per_address);
  limits.max_body_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_max_body_bytes));
  if (limits.max_connections < 1 || limits.max_connections_per_address < 1 ||
      absl::GetFlag(FLAGS_max_body_bytes) < 1 || options.max_streams < 0 ||
      options.default_timeout <= absl::ZeroDuration() ||
      options.max_timeout < options.default_timeout) {
    svcup::Log("error", "cannot start",
               {{"error",
                 "--max_connections, --max_connections_per_address and "
                 "--max_body_bytes must be positive, --max_event_streams at least 0, "
                 "and --max_call_timeout at least --call_timeout > 0"}});
    return 1;
  }

  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (const std::string ca_file = absl::GetFlag(FLAGS_tls_peer_ca_file); !ca_file.empty()) {
    grpc::SslCredentialsOptions tls;
    auto ca = svcup::ReadFile(ca_file);
    auto cert = absl::GetFlag(FLAGS_tls_cert_file).empty()
                    ? absl::StatusOr<std::string>("")
                    : svcup::ReadFile(absl::GetFlag(FLAGS_tls_cert_file));
    auto key = absl::GetFlag(FLAGS_tls_key_file).empty()
                   ? absl::StatusOr<std::string>("")
                   : svcup::ReadSecretFile(absl::GetFlag(FLAGS_tls_key_file));
    for (const auto* read : {&ca, &cert, &key}) {
      if (!read->ok()) {
        svcup::Log("error", "cannot start", {{"error", std::string(read->status().message())}});
        return 1;
      }
    }
    if (cert->empty() != key->empty()) {
      svcup::Log(
          "error", "cannot start",
          {{"error", "--tls_cert_file and --tls_key_file go together: set both or neither"}});
      return 1;
    }
    tls.pem_root_certs = std::move(*ca);
    tls.pem_cert_chain = std::move(*cert);
    tls.pem_private_key = std::move(*key);
    credentials = grpc::SslCredentials(tls);
  }
  auto registry = std::make_shared<prometheus::Registry>();
  svcup::RegisterBuildInfo(*registry, "gateway");
  svcup::GrpcMetrics client_metrics(*registry, "client");
  svcup::gateway::GatewayMetrics metrics(*registry);
  std::unique_ptr<prometheus::Exposer> exposer;
  if (const std::string address = absl::GetFlag(FLAGS_metrics_listen); address != "off") {
    try {
      exposer = std::make_unique<prometheus::Exposer>(address);
    } catch (const std::exception& error) {
      svcup::Log("error", "cannot start",
                 {{"error", absl::StrCat("--metrics_listen=", address, ": ", error.what())}});
      return 1;
    }
    exposer->RegisterCollectable(registry);
  }
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (const std::string& address :
       {absl::GetFlag(FLAGS_plans_addr), absl::GetFlag(FLAGS_reports_addr),
        absl::GetFlag(FLAGS_reviews_addr)}) {
    channels.push_back(svcup::CreateObservedChannel(address, credentials, client_metrics));
  }
  const svcup::gateway::RpcCatalog catalog = svcup::gateway::RpcCatalog::Suite();
  const svcup::gateway::GrpcBackends backends(channels);
  svcup::gateway::PublicPlans public_plans(channels.front());
  svcup::gateway::PortalService portal(public_plans, catalog, backends,
                                       absl::GetFlag(FLAGS_portal_first_year));
  svcup::gateway::GatewayService gateway(catalog, backends, options,
                                         absl::GetFlag(FLAGS_portal) ? &portal : nullptr, &metrics);
  svcup::gateway::HttpsSettings https;
  for (const auto& [flag, into, secret] :
       {std::tuple{absl::GetFlag(FLAGS_https_cert_file), &https.certificate, false},
        std::tuple{absl::GetFlag(FLAGS_https_key_file), &https.private_key, true},
        std::tuple{absl::GetFlag(FLAGS_https_client_ca_file), &https.client_ca, false}}) {
    if (flag.empty()) continue;
    auto read = secret ? svcup::ReadSecretFile(flag) : svcup::ReadFile(flag);
    if (!read.ok()) {
      svcup::Log("error", "cannot start", {{"error", std::string(read.status().message())}});
      return 1;
    }
    *into = std::move(*read);
  }
  auto server = svcup::gateway::HttpServer::Start(
      absl::GetFlag(FLAGS_listen), limits,
      [&gateway](const svcup::gateway::HttpRequest& request) { return gateway.Handle(request); },
      std::move(https));
  if (!server.ok()) {
    svcup::Log("error", "cannot start", {{"error", std::string(server.status().message())}});
    return 1;
  }
  if (const std::string port_file = absl::GetFlag(FLAGS_port_file); !port_file.empty()) {
    {
      std::ofstream out(port_file + ".tmp");
      out << "http=" << (*server)->port() << "\n";
      if (exposer) out << "metrics=" << exposer->GetListeningPorts().front() << "\n";
    }
    std::filesystem::rename(port_file + ".tmp", port_file);  // readers never see half a file
  }
  svcup::Log("info", "serving",
             {{"listen", absl::GetFlag(FLAGS_listen)},
              {"port", absl::StrCat((*server)->port())},
              {"rpcs", absl::StrCat(catalog.routes().size())}});
  const int signal = svcup::WaitForTerminationSignal();
  svcup::Log("info", "stopping", {{"signal", absl::StrCat(signal)}});
  (*server)->Stop();
  return 0;
}
