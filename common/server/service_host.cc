#include "common/server/service_host.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <signal.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/files.h"
#include "common/server/access_log.h"
#include "common/server/log.h"
#include "common/server/malformed_request.h"
#include "common/status/macros.h"

namespace svcup {
namespace {

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(const ServerConfig& c) {
  if (c.tls_cert_file.empty() && c.tls_key_file.empty()) {
    return grpc::InsecureServerCredentials();
  }
  ASSIGN_OR_RETURN(auto cert, ReadFile(c.tls_cert_file));
  ASSIGN_OR_RETURN(auto key, ReadSecretFile(c.tls_key_file));
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back({key, cert});
  if (!c.tls_client_ca_file.empty()) {
    ASSIGN_OR_RETURN(auto ca, ReadFile(c.tls_client_ca_file));
    options.pem_root_certs = ca;
    options.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServiceHost>> ServiceHost::Start(
    const ServerConfig& config, const std::vector<HostedService>& services,
    std::shared_ptr<prometheus::Registry> registry) {
  ASSIGN_OR_RETURN(auto credentials, Credentials(config));

  std::unique_ptr<ServiceHost> host(new ServiceHost());
  host->config_ = config;
  host->registry_ = std::move(registry);
  host->metrics_ = std::make_unique<GrpcMetrics>(*host->registry_, "server");
  RegisterBuildInfo(*host->registry_, config.service_name);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.listen_address, credentials, &host->port_);
  builder.SetMaxReceiveMessageSize(config.max_message_bytes);
  builder.SetMaxSendMessageSize(config.max_message_bytes);
  // Bounds no client can push the server past: threads, memory, streams, idle connections.
  grpc::ResourceQuota quota(absl::StrCat("svcup-", config.service_name));
  quota.SetMaxThreads(config.max_threads);
  quota.Resize(config.max_memory_bytes);
  builder.SetResourceQuota(quota);
  const auto ms = [](absl::Duration d) { return static_cast<int>(absl::ToInt64Milliseconds(d)); };
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, config.max_streams_per_connection);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, ms(config.max_connection_idle));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS, ms(config.max_connection_age));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                             ms(config.max_connection_age_grace));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, ms(config.keepalive_time));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, ms(config.keepalive_timeout));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
  for (const HostedService& hosted : services) {
    builder.RegisterService(hosted.service);
  }
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<MalformedRequestInterceptorFactory>());
  factories.push_back(std::make_unique<GrpcMetricsInterceptorFactory>(*host->metrics_));
  host->limiter_ =
      std::make_unique<RateLimiter>(config.rate_limit_per_second, config.rate_limit_burst);
  host->trimmer_ = std::make_unique<MemoryTrimmer>(config.memory_trim_interval);
  host->limiter_->CountRefusalsIn(*host->registry_);
  factories.push_back(
      std::make_unique<AccessLogInterceptorFactory>(host->gate_, host->limiter_.get()));
  builder.experimental().SetInterceptorCreators(std::move(factories));

  host->server_ = builder.BuildAndStart();
  if (host->server_ == nullptr || host->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.listen_address, " (in use, or not local)"));
  }
  if (!config.health_address.empty()) {
    grpc::ServerBuilder health_builder;
    health_builder.AddListeningPort(config.health_address, grpc::InsecureServerCredentials(),
                                    &host->health_port_);
    host->health_server_ = health_builder.BuildAndStart();
    if (host->health_server_ == nullptr || host->health_port_ == 0) {
      host->server_->Shutdown();
      return absl::UnavailableError(
          absl::StrCat("cannot listen on ", config.health_address, " (health)"));
    }
  }
  for (grpc::Server* server : {host->server_.get(), host->health_server_.get()}) {
    if (server == nullptr) continue;
    for (const HostedService& hosted : services) {
      server->GetHealthCheckService()->SetServingStatus(hosted.name, true);
    }
    server->GetHealthCheckService()->SetServingStatus(true);
  }

  if (!config.metrics_address.empty()) {
    try {
      host->exposer_ = std::make_unique<prometheus::Exposer>(config.metrics_address);
    } catch (const std::exception& e) {
      host->server_->Shutdown();
      return absl::UnavailableError(absl::StrCat("cannot serve /metrics on ",
                                                 config.metrics_address, ": ", e.what()));
    }
    host->exposer_->RegisterCollectable(host->registry_);
    host->metrics_port_ = host->exposer_->GetListeningPorts().front();
  }
  return host;
}

ServiceHost::~ServiceHost() { Shutdown(); }

void ServiceHost::Expose(std::weak_ptr<prometheus::Collectable> collectable) {
  if (exposer_ != nullptr) exposer_->RegisterCollectable(std::move(collectable));
}

void ServiceHost::Shutdown() {
  if (stopped_) return;
  stopped_ = true;
  server_->GetHealthCheckService()->Shutdown();  // NOT_SERVING from now on
  if (health_server_ != nullptr) health_server_->GetHealthCheckService()->Shutdown();
  if (config_.drain_grace > absl::ZeroDuration()) absl::SleepFor(config_.drain_grace);
  for (const auto& hook : drain_hooks_) hook();
  const absl::Time deadline = absl::Now() + config_.drain_timeout;
  // Calls arriving after Shutdown() begins are cancelled by gRPC unseen: first turn them away
  // with a retryable answer until the clients have gone.
  gate_.Close();
  gate_.WaitForQuiet(absl::Milliseconds(100), deadline - config_.drain_timeout / 2);
  server_->Shutdown(absl::ToChronoTime(deadline));
  server_->Wait();
  if (health_server_ != nullptr) {
    health_server_->Shutdown(absl::ToChronoTime(absl::Now()));
    health_server_->Wait();
  }
  exposer_.reset();
}

void BlockTerminationSignals() {
  // A process started in the background by a non-interactive shell inherits SIGINT ignored;
  // an ignored signal is discarded before sigwait() can see it, so restore the default first.
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  int signal = 0;
  sigwait(&signals, &signal);
  return signal;
}

}  // namespace svcup
