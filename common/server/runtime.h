// What every service's main() shares: the standard flags (listen and metrics addresses, data
// folder, database path, token key, TLS, drain, demo clock, port file), read into plain values,
// and the serve-until-signal loop. Only binaries link this (library svcup_runtime); services
// themselves take plain values in their constructors.
#ifndef SVCUP_COMMON_SERVER_RUNTIME_H_
#define SVCUP_COMMON_SERVER_RUNTIME_H_

#include <prometheus/registry.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/api/clock.h"
#include "common/hierarchy/plans_gateway.h"
#include "common/server/service_host.h"
#include "common/storage/sqlite_database.h"

namespace svcup {

// The standard settings of a service process.
struct ServiceRuntime {
  // Listener, metrics, TLS and drain settings.
  ServerConfig server;
  // Folder of the service's local data (created if missing).
  std::string data_dir;
  // SQLite database file (default <data_dir>/<service>.db).
  std::string database_path;
  // The shared token key, read from --token_key_file.
  std::string token_key;
  // The service clock: the system clock, or a shifted one under --clock_start.
  std::unique_ptr<Clock> clock;
  // Where to write the bound ports after start ("" for nowhere).
  std::string port_file;
};

// Reads the standard flags for service `service` (its default ports given), creates the data
// folder and reads the token key. FAILED_PRECONDITION, saying what to do, when the key file is
// missing or too short; INVALID_ARGUMENT for a malformed flag.
absl::StatusOr<ServiceRuntime> LoadRuntimeFromFlags(absl::string_view service, int default_port,
                                                    int default_metrics_port);

// Opens the service's SQLite database (runtime.database_path) and applies `open_store` to it
// (a service's Sql*Store::Open, which migrates it). Logs and returns the error on failure.
template <typename Store, typename OpenStore>
absl::StatusOr<std::unique_ptr<Store>> OpenServiceStore(const ServiceRuntime& runtime,
                                                        OpenStore&& open_store) {
  auto database = storage::SqliteDatabase::Open(runtime.database_path);
  if (!database.ok()) return database.status();
  return open_store(std::move(*database));
}

// A gateway to the plans service from the --plans_addr, --plans_timeout, --plans_cache_refresh
// and --plans_cache_max_age flags (the reports and reviews services use it).
std::unique_ptr<GrpcPlansGateway> PlansGatewayFromFlags(const Clock& clock);

// Starts `services` on a ServiceHost, writes the port file, logs where it listens, waits for
// SIGINT/SIGTERM, drains and returns the process exit code (0 after a clean drain).
// BlockTerminationSignals() must have been called first thing in main().
// `on_drain` (optional) runs when draining starts, before the listener closes.
int ServeUntilSignal(const ServiceRuntime& runtime, const std::vector<HostedService>& services,
                     std::shared_ptr<prometheus::Registry> registry,
                     std::function<void()> on_drain = nullptr);

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_RUNTIME_H_
