// What every service's main() shares: the standard flags (listen and metrics addresses, data
// folder, database path, token key, TLS, drain, demo clock, port file), read into plain values,
// and the serve-until-signal loop. Only binaries link this (library svcup_runtime); services
// themselves take plain values in their constructors.
#ifndef SVCUP_COMMON_SERVER_RUNTIME_H_
#define SVCUP_COMMON_SERVER_RUNTIME_H_

#include <grpcpp/security/credentials.h>
#include <prometheus/collectable.h>
#include <prometheus/registry.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/api/clock.h"
#include "common/auth/signing_key.h"
#include "common/auth/token.h"
#include "common/auth/trusted_keys.h"
#include "common/metrics/grpc_metrics.h"
#include "common/metrics/observed_database.h"
#include "common/server/service_host.h"
#include "common/server/worker_pool.h"
#include "common/storage/sqlite_database.h"

namespace svcup {

// The standard settings of a service process.
struct ServiceRuntime {
  // Listener, metrics, TLS and drain settings.
  ServerConfig server;
  // Folder of the service's local data (created if missing).
  std::string data_dir;
  // SQLite database file (default <data_dir>/<service>.db), used when database_url is empty.
  std::string database_path;
  // PostgreSQL URI (--database_url or SVCUP_DATABASE_URL); the service uses its own schema,
  // svcup_<service>, in that database.
  std::string database_url;
  // The public keys tokens are verified with (--jwks_file, re-read when it changes).
  std::shared_ptr<TrustedKeys> trusted_keys;
  // Audience and longest lifetime demanded of tokens (--token_audience, --token_max_lifetime).
  TokenRules token_rules;
  // This service's own signing key file, for calls to other services (--service_key_file).
  std::string service_key_file;
  // The trust domain of client certificate identities (--tls_trust_domain).
  std::string trust_domain;
  // The service clock: the system clock, or a shifted one under --clock_start.
  std::unique_ptr<Clock> clock;
  // The clock tokens are minted and judged by: always the machine's real time, under --clock_start too
  // (a token's iat and exp are real instants).
  SystemClock token_clock;
  // The worker threads and queue of unary calls (--worker_threads, --max_queued_calls).
  WorkerLimits workers;
  // Where to write the bound ports after start ("" for nowhere).
  std::string port_file;
  // The registry /metrics serves: gRPC server and client metrics, storage latency, build info.
  std::shared_ptr<prometheus::Registry> metrics;
  // The grpc_client_* families of calls to other services (see ChannelToService).
  std::unique_ptr<GrpcMetrics> client_metrics;
  // Credentials of calls to other services: TLS by --tls_peer_ca_file (presenting this
  // service's certificate), else plaintext.
  std::shared_ptr<grpc::ChannelCredentials> peer_credentials;
};

// Parses a service binary's command line with `usage` as its description. `--help` lists the
// service's own flags (those defined under services/ and the standard ones of common/server/),
// not the libraries'; `--helpfull` lists all.
void ParseServiceFlags(int argc, char** argv, absl::string_view usage);

// The folder beside the running executable, or ../<relative> from it: where an installed
// binary finds the data installed with it ("" if /proc/self/exe cannot be read).
std::string ExecutableDir();

// Reads the standard flags for service `service` (its default ports given), creates the data
// folder and reads the token key set. FAILED_PRECONDITION, saying what to do, when the key set
// is missing or malformed; INVALID_ARGUMENT for a malformed flag.
absl::StatusOr<ServiceRuntime> LoadRuntimeFromFlags(absl::string_view service, int default_port,
                                                    int default_metrics_port);

// The one place a backend is chosen: PostgreSQL when runtime.database_url is set (schema
// svcup_<service>), else SQLite at runtime.database_path; its transactions are timed into
// runtime.metrics. No service knows which it got.
absl::StatusOr<std::unique_ptr<storage::Database>> OpenServiceDatabase(
    const ServiceRuntime& runtime);

// `url` with its password (if any) replaced by ***, for logs.
std::string RedactedDatabaseUrl(absl::string_view url);

// Opens the service's database (OpenServiceDatabase) and applies `open_store` to it (a service's
// Sql*Store::Open, which migrates it).
template <typename Store, typename OpenStore>
absl::StatusOr<std::unique_ptr<Store>> OpenServiceStore(const ServiceRuntime& runtime,
                                                        OpenStore&& open_store) {
  auto database = OpenServiceDatabase(runtime);
  if (!database.ok()) return database.status();
  return open_store(std::move(*database));
}

// Reads the service's own signing key (runtime.service_key_file), which services that call
// others present their identity with. FAILED_PRECONDITION, saying how to create it, when it is
// missing, readable by others or not an Ed25519 key.
absl::StatusOr<SigningKey> ReadServiceKey(const ServiceRuntime& runtime);

// A channel to another service of the suite at `address`: its calls are counted in the
// grpc_client_* metrics and carry the request id of the call being served.
std::shared_ptr<grpc::Channel> ChannelToService(const ServiceRuntime& runtime,
                                                const std::string& address);

// Starts `services` on a ServiceHost, writes the port file, logs where it listens, waits for
// SIGINT/SIGTERM, drains and returns the process exit code (0 after a clean drain).
// BlockTerminationSignals() must have been called first thing in main().
// `on_drain` (optional) runs when draining starts, before the listener closes; `state_metrics`
// (optional) is served on /metrics beside runtime.metrics.
int ServeUntilSignal(const ServiceRuntime& runtime, const std::vector<HostedService>& services,
                     std::function<void()> on_drain = nullptr,
                     std::shared_ptr<prometheus::Collectable> state_metrics = nullptr);

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_RUNTIME_H_
