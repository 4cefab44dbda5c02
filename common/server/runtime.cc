#include "common/server/runtime.h"

#include <grpcpp/create_channel.h>
#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/api/validation.h"
#include "common/files.h"
#include "common/server/log.h"
#include "common/status/macros.h"
#include "common/storage/postgres_database.h"

namespace svcup {

void ParseServiceFlags(int argc, char** argv, absl::string_view usage) {
  absl::FlagsUsageConfig config;
  config.contains_help_flags = [](absl::string_view file) {
    return absl::StrContains(file, "services/") || absl::StrContains(file, "common/server/");
  };
  config.contains_helpshort_flags = config.contains_help_flags;
  absl::SetFlagsUsageConfig(config);
  absl::SetProgramUsageMessage(usage);
  absl::ParseCommandLine(argc, argv);
}

std::string ExecutableDir() {
  std::error_code error;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? "" : exe.parent_path().string();
}

}  // namespace svcup

ABSL_FLAG(std::string, listen, "", "gRPC listen address host:port (default 127.0.0.1:<service port>; port 0 picks a free one)");
ABSL_FLAG(std::string, metrics_listen, "", "Prometheus /metrics address host:port (default 127.0.0.1:<metrics port>; 'off' disables)");
ABSL_FLAG(std::string, data_dir, "data", "Folder of the service's local data");
ABSL_FLAG(std::string, database, "", "SQLite database file (default <data_dir>/<service>.db)");
ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL connection URI (libpq; several hosts allowed) instead of SQLite: the "
          "production backend, shared by replicas (env SVCUP_DATABASE_URL)");
ABSL_FLAG(std::string, jwks_file, "",
          "JWKS file of the public keys that verify bearer tokens, re-read when it changes "
          "(default <data_dir>/jwks.json)");
ABSL_FLAG(std::string, service_key_file, "",
          "This service's own Ed25519 private key (PEM), for its calls to other services (default "
          "<data_dir>/<service>.key; only services that call others read it)");
ABSL_FLAG(std::string, token_audience, "svcup", "The audience (aud) bearer tokens must name");
ABSL_FLAG(absl::Duration, token_max_lifetime, absl::Hours(24),
          "The longest a bearer token may live (exp - iat)");
ABSL_FLAG(std::string, tls_cert_file, "", "PEM server certificate; with --tls_key_file enables TLS");
ABSL_FLAG(std::string, health_listen, "", "Plaintext host:port serving grpc.health.v1 only, for Kubernetes gRPC probes when the main port uses TLS (default: none)");
ABSL_FLAG(std::string, tls_trust_domain, "svcup.moj.gov.tw", "Trust domain of client certificate identities: spiffe://<domain>/orgs/<code>/roles/<role>/subjects/<subject>");
ABSL_FLAG(std::string, tls_peer_ca_file, "", "PEM CA bundle that signed the other services' certificates: calls to them use TLS (default: plaintext)");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file");
ABSL_FLAG(std::string, tls_client_ca_file, "", "PEM CA bundle; when set, clients need a certificate it signed (mutual TLS)");
ABSL_FLAG(absl::Duration, drain_grace, absl::ZeroDuration(), "On SIGTERM: how long to report NOT_SERVING before closing the listener");
ABSL_FLAG(absl::Duration, drain_timeout, absl::Seconds(15), "On SIGTERM: how long in-flight calls may take to finish");
ABSL_FLAG(std::string, clock_start, "", "Demo and drills only: run the service clock from this RFC 3339 instant (e.g. 2018-03-20T09:00:00+08:00)");
ABSL_FLAG(double, rate_limit_per_second, 100,
          "Calls a second each caller may make (the public: per address); 0 for no limit");
ABSL_FLAG(double, rate_limit_burst, 200, "Calls a caller may make at once before the rate applies");
ABSL_FLAG(bool, allow_plaintext_on_network, false,
          "Serve without TLS on an address other than loopback (a trusted network only; the "
          "default refuses)");
ABSL_FLAG(int, worker_threads, 32,
          "Threads that run unary calls (calls arrive on the callback API and wait for one; a "
          "write holds its thread until the group commit that carries it is on disk)");
ABSL_FLAG(
    int, max_queued_calls, 4096,
    "Unary calls that may wait for a worker; beyond it calls are answered RESOURCE_EXHAUSTED");
ABSL_FLAG(std::string, port_file, "", "Write the bound ports here after start (grpc=N, metrics=N lines)");

namespace svcup {

namespace {

// Whether `address` ("host:port") is on the loopback interface only.
bool IsLoopback(absl::string_view address) {
  return absl::StartsWith(address, "127.") || absl::StartsWith(address, "localhost:") ||
         absl::StartsWith(address, "[::1]:");
}

// Refuses TLS settings that would serve less securely than asked: half a key pair, a client CA
// with no server certificate, plaintext on the network without saying so.
absl::Status CheckTransportSecurity(const ServerConfig& server) {
  if (server.tls_cert_file.empty() != server.tls_key_file.empty()) {
    return absl::FailedPreconditionError(
        "--tls_cert_file and --tls_key_file go together: give both (TLS) or neither");
  }
  const bool tls = !server.tls_cert_file.empty();
  if (!server.tls_client_ca_file.empty() && !tls) {
    return absl::FailedPreconditionError(
        "--tls_client_ca_file asks for mutual TLS, which needs the server's own --tls_cert_file "
        "and --tls_key_file; without them the service would serve plaintext");
  }
  if (!tls && !IsLoopback(server.listen_address) &&
      !absl::GetFlag(FLAGS_allow_plaintext_on_network)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--listen=", server.listen_address,
        " is not loopback and there is no TLS: give --tls_cert_file and --tls_key_file, or "
        "--allow_plaintext_on_network on a network you trust"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ServiceRuntime> LoadRuntimeFromFlags(absl::string_view service, int default_port,
                                                    int default_metrics_port) {
  ServiceRuntime runtime;
  runtime.server.service_name = std::string(service);
  runtime.server.listen_address = absl::GetFlag(FLAGS_listen);
  if (runtime.server.listen_address.empty()) {
    runtime.server.listen_address = absl::StrCat("127.0.0.1:", default_port);
  }
  runtime.server.metrics_address = absl::GetFlag(FLAGS_metrics_listen);
  if (runtime.server.metrics_address.empty()) {
    runtime.server.metrics_address = absl::StrCat("127.0.0.1:", default_metrics_port);
  } else if (runtime.server.metrics_address == "off") {
    runtime.server.metrics_address.clear();
  }
  runtime.server.tls_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  runtime.server.health_address = absl::GetFlag(FLAGS_health_listen);
  runtime.trust_domain = absl::GetFlag(FLAGS_tls_trust_domain);
  runtime.server.tls_key_file = absl::GetFlag(FLAGS_tls_key_file);
  runtime.peer_credentials = grpc::InsecureChannelCredentials();
  if (const std::string ca_file = absl::GetFlag(FLAGS_tls_peer_ca_file); !ca_file.empty()) {
    auto ca = ReadFile(ca_file);
    if (!ca.ok()) {
      return absl::FailedPreconditionError(absl::StrCat("--tls_peer_ca_file: cannot read ", ca_file));
    }
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = std::move(*ca);
    // The service's own certificate doubles as its client certificate (mutual TLS to peers);
    // ServiceHost::Start reports an unreadable one.
    options.pem_cert_chain = ReadFile(runtime.server.tls_cert_file).value_or("");
    options.pem_private_key = ReadSecretFile(runtime.server.tls_key_file).value_or("");
    runtime.peer_credentials = grpc::SslCredentials(options);
  }
  runtime.server.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca_file);
  RETURN_IF_ERROR(CheckTransportSecurity(runtime.server));
  runtime.server.drain_grace = absl::GetFlag(FLAGS_drain_grace);
  runtime.server.rate_limit_per_second = absl::GetFlag(FLAGS_rate_limit_per_second);
  runtime.server.rate_limit_burst = absl::GetFlag(FLAGS_rate_limit_burst);
  runtime.server.drain_timeout = absl::GetFlag(FLAGS_drain_timeout);
  runtime.port_file = absl::GetFlag(FLAGS_port_file);
  runtime.workers.threads = absl::GetFlag(FLAGS_worker_threads);
  const int max_queued = absl::GetFlag(FLAGS_max_queued_calls);
  if (runtime.workers.threads < 1 || runtime.workers.threads > 1024 || max_queued < 1) {
    return absl::InvalidArgumentError(
        "--worker_threads: must be 1..1024, and --max_queued_calls at least 1");
  }
  runtime.workers.max_queued = static_cast<size_t>(max_queued);

  runtime.data_dir = absl::GetFlag(FLAGS_data_dir);
  std::error_code error;
  std::filesystem::create_directories(runtime.data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("--data_dir ", runtime.data_dir, " cannot be created: ", error.message()));
  }
  runtime.database_url = absl::GetFlag(FLAGS_database_url);
  if (const char* env = std::getenv("SVCUP_DATABASE_URL");
      runtime.database_url.empty() && env != nullptr) {
    runtime.database_url = env;
  }
  runtime.database_path = absl::GetFlag(FLAGS_database);
  if (runtime.database_path.empty()) {
    runtime.database_path = absl::StrCat(runtime.data_dir, "/", service, ".db");
  }
  std::string jwks_file = absl::GetFlag(FLAGS_jwks_file);
  if (jwks_file.empty()) jwks_file = absl::StrCat(runtime.data_dir, "/jwks.json");
  ASSIGN_OR_RETURN(runtime.trusted_keys, TrustedKeys::Watch(jwks_file));
  runtime.token_rules.audience = absl::GetFlag(FLAGS_token_audience);
  runtime.token_rules.max_lifetime = absl::GetFlag(FLAGS_token_max_lifetime);
  runtime.service_key_file = absl::GetFlag(FLAGS_service_key_file);
  if (runtime.service_key_file.empty()) {
    runtime.service_key_file = absl::StrCat(runtime.data_dir, "/", service, ".key");
  }
  runtime.metrics = std::make_shared<prometheus::Registry>();
  runtime.client_metrics = std::make_unique<GrpcMetrics>(*runtime.metrics, "client");

  const std::string clock_start = absl::GetFlag(FLAGS_clock_start);
  if (clock_start.empty()) {
    runtime.clock = std::make_unique<SystemClock>();
  } else {
    absl::Time start;
    std::string parse_error;
    if (!absl::ParseTime(absl::RFC3339_full, clock_start, &start, &parse_error)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--clock_start: ", Quote(clock_start), " is not an RFC 3339 instant: ",
                       parse_error));
    }
    runtime.clock = std::make_unique<ShiftedClock>(start);
    Log("warning", "service clock shifted for a demo or drill", {{"clock_start", clock_start}});
  }
  return runtime;
}

absl::StatusOr<std::unique_ptr<storage::Database>> OpenServiceDatabase(
    const ServiceRuntime& runtime) {
  std::unique_ptr<storage::Database> database;
  if (runtime.database_url.empty()) {
    ASSIGN_OR_RETURN(database, storage::SqliteDatabase::Open(runtime.database_path));
  } else {
    ASSIGN_OR_RETURN(
        database, storage::PostgresDatabase::Open(
                      runtime.database_url, absl::StrCat("svcup_", runtime.server.service_name)));
  }
  return std::make_unique<ObservedDatabase>(std::move(database), *runtime.metrics);
}

std::string RedactedDatabaseUrl(absl::string_view url) {
  // postgresql://user:secret@host/db -> postgresql://user:***@host/db
  const size_t scheme = url.find("://");
  const size_t at = url.find('@');
  if (scheme == absl::string_view::npos || at == absl::string_view::npos || at < scheme) {
    return std::string(url);
  }
  const size_t colon = url.substr(0, at).find(':', scheme + 3);
  if (colon == absl::string_view::npos) return std::string(url);
  return absl::StrCat(url.substr(0, colon + 1), "***", url.substr(at));
}

absl::StatusOr<SigningKey> ReadServiceKey(const ServiceRuntime& runtime) {
  auto key = SigningKey::ReadFile(runtime.service_key_file);
  if (!key.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(key.status().message(),
                     "; create it, and add its public half to the key set, with: "
                     "svcup token keygen --service=",
                     runtime.server.service_name, " --signing_key_file=", runtime.service_key_file,
                     " --jwks_file=<the services' jwks.json>"));
  }
  return key;
}

std::shared_ptr<grpc::Channel> ChannelToService(const ServiceRuntime& runtime,
                                                const std::string& address) {
  return CreateObservedChannel(address, runtime.peer_credentials, *runtime.client_metrics);
}

int ServeUntilSignal(const ServiceRuntime& runtime, const std::vector<HostedService>& services,
                     std::function<void()> on_drain,
                     std::shared_ptr<prometheus::Collectable> state_metrics) {
  auto host = ServiceHost::Start(runtime.server, services, runtime.metrics);
  if (!host.ok()) {
    Log("error", "cannot start", {{"error", std::string(host.status().message())}});
    return 1;
  }
  if (state_metrics != nullptr) (*host)->Expose(state_metrics);
  if (on_drain) (*host)->OnDrain(std::move(on_drain));
  if (!runtime.port_file.empty()) {
    const std::string temporary = runtime.port_file + ".tmp";
    {
      std::ofstream out(temporary);
      out << "grpc=" << (*host)->port() << "\nmetrics=" << (*host)->metrics_port()
          << "\nhealth=" << (*host)->health_port() << "\n";
    }
    std::filesystem::rename(temporary, runtime.port_file);  // readers never see half a file
  }
  Log("info", "serving",
      {{"listen", runtime.server.listen_address},
       {"port", absl::StrCat((*host)->port())},
       {"metrics_port", absl::StrCat((*host)->metrics_port())},
       {"database", runtime.database_url.empty() ? runtime.database_path
                                                 : RedactedDatabaseUrl(runtime.database_url)},
       {"storage", runtime.database_url.empty() ? "sqlite" : "postgresql"},
       {"tls", runtime.server.tls_cert_file.empty() ? "off" : "on"}});
  const int signal = WaitForTerminationSignal();
  Log("info", "draining", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
  (*host)->Shutdown();
  Log("info", "stopped");
  return 0;
}

}  // namespace svcup
