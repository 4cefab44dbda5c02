// Starts and stops a service's gRPC server: listening port (TLS optional), health service,
// reflection, the metrics and access-log interceptors and the /metrics endpoint, and a graceful
// drain.
#ifndef SVCUP_COMMON_SERVER_SERVICE_HOST_H_
#define SVCUP_COMMON_SERVER_SERVICE_HOST_H_

#include <grpcpp/server.h>
#include <prometheus/exposer.h>
#include <prometheus/registry.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/metrics/grpc_metrics.h"
#include "common/server/drain_gate.h"
#include "common/server/memory_trimmer.h"
#include "common/server/rate_limiter.h"

namespace svcup {

// How to serve. Built from the standard flags by LoadRuntimeFromFlags (runtime.h) or directly
// by tests.
struct ServerConfig {
  // Short name for logs and the build-info gauge: "plans", "reports", "reviews".
  std::string service_name;
  // host:port of the gRPC listener; port 0 picks a free port (see ServiceHost::port()).
  std::string listen_address = "127.0.0.1:0";
  // host:port of the Prometheus /metrics endpoint; empty disables it.
  std::string metrics_address;
  // PEM files for TLS; all empty means plaintext (local use only).
  std::string tls_cert_file;
  std::string tls_key_file;
  // PEM CA bundle: when set, clients must present a certificate signed by it (mutual TLS).
  std::string tls_client_ca_file;
  // host:port of a plaintext listener that serves grpc.health.v1 only, mirroring the main
  // server's status: Kubernetes' native gRPC probes speak no TLS. Empty: none.
  std::string health_address;
  // On shutdown: how long health reports NOT_SERVING before the listener closes, so load
  // balancers stop sending new calls.
  absl::Duration drain_grace = absl::ZeroDuration();
  // On shutdown: how long in-flight calls may take to finish before they are cancelled.
  absl::Duration drain_timeout = absl::Seconds(15);
  // Largest request or response message, in bytes.
  int max_message_bytes = 8 << 20;
  // What no client can exceed, however it behaves. The threads that serve calls (one per call
  // in progress; beyond it calls get RESOURCE_EXHAUSTED) and the memory gRPC may use.
  int max_threads = 200;
  size_t max_memory_bytes = size_t{256} << 20;
  // Concurrent streams one connection may open (HTTP/2 MAX_CONCURRENT_STREAMS).
  int max_streams_per_connection = 100;
  // A connection with no call for this long is closed; every connection is closed (with a
  // grace for calls in progress) after max_connection_age, so clients rebalance.
  absl::Duration max_connection_idle = absl::Minutes(5);
  absl::Duration max_connection_age = absl::Hours(1);
  absl::Duration max_connection_age_grace = absl::Minutes(5);
  // Keepalive: the server pings a silent connection after this long and drops it if the ping
  // is not answered in keepalive_timeout; clients may not ping more often than every 10 s.
  absl::Duration keepalive_time = absl::Minutes(1);
  absl::Duration keepalive_timeout = absl::Seconds(20);
  // Per-caller rate limit: calls a second and burst, per identity (the public: per address);
  // the suite's own services are not limited. 0 calls a second: no limit.
  double rate_limit_per_second = 100;
  double rate_limit_burst = 200;
  // How often memory freed after a burst of calls is returned to the system (memory_trimmer.h).
  absl::Duration memory_trim_interval = absl::Seconds(5);
};

// A service to host and the full name health checks know it by ("svcup.v1.PlanRegistry", from
// the generated v1::PlanRegistry::service_full_name()).
struct HostedService {
  grpc::Service* service;
  std::string name;
};

// A running gRPC server with its metrics endpoint.
class ServiceHost {
 public:
  // Starts serving `services` (not owned; they must outlive the host), each SERVING in the
  // health service under its name and under "" (the whole server). `registry` receives the
  // gRPC server metrics and the build-info gauge and is exposed on config.metrics_address.
  // Errors: UNAVAILABLE when a port cannot be bound; NOT_FOUND when a TLS file is missing.
  static absl::StatusOr<std::unique_ptr<ServiceHost>> Start(
      const ServerConfig& config, const std::vector<HostedService>& services,
      std::shared_ptr<prometheus::Registry> registry);

  // Drains and stops (see Shutdown).
  ~ServiceHost();

  // The bound gRPC port.
  int port() const { return port_; }
  // The bound /metrics port; 0 when disabled.
  int metrics_port() const { return metrics_port_; }
  // The bound plaintext health port; 0 when disabled.
  int health_port() const { return health_port_; }

  // Marks every service NOT_SERVING, waits drain_grace (serving as usual), runs the drain hooks
  // (which end long-lived streams), then turns new calls away with UNAVAILABLE until none has
  // arrived for a moment (drain_gate.h), stops accepting calls and lets in-flight ones finish;
  // all within drain_timeout after the grace. Idempotent.
  void Shutdown();

  // Serves `collectable` on /metrics too (metrics computed at scrape time, such as gauges of
  // stored state). Not owned; it stops being collected once it is destroyed.
  void Expose(std::weak_ptr<prometheus::Collectable> collectable);

  // Adds a hook Shutdown() runs before closing the listener, e.g. to end watch streams so their
  // clients reconnect elsewhere instead of holding the drain up.
  void OnDrain(std::function<void()> hook) { drain_hooks_.push_back(std::move(hook)); }

 private:
  ServiceHost() = default;

  ServerConfig config_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<GrpcMetrics> metrics_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> health_server_;  // health only, plaintext (config.health_address)
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::vector<std::function<void()>> drain_hooks_;
  DrainGate gate_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<MemoryTrimmer> trimmer_;
  int port_ = 0;
  int metrics_port_ = 0;
  int health_port_ = 0;
  bool stopped_ = false;
};

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts later. Call first
// thing in main(), before any thread exists.
void BlockTerminationSignals();

// Waits for SIGINT or SIGTERM (blocked by BlockTerminationSignals) and returns its number.
int WaitForTerminationSignal();

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_SERVICE_HOST_H_
