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
#include "common/server/service_host.h"

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

// Starts `services` on a ServiceHost, writes the port file, logs where it listens, waits for
// SIGINT/SIGTERM, drains and returns the process exit code (0 after a clean drain).
// BlockTerminationSignals() must have been called first thing in main().
// `on_drain` (optional) runs when draining starts, before the listener closes.
int ServeUntilSignal(const ServiceRuntime& runtime, const std::vector<HostedService>& services,
                     std::shared_ptr<prometheus::Registry> registry,
                     std::function<void()> on_drain = nullptr);

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_RUNTIME_H_
