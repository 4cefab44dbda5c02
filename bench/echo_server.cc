// The benchmark's floor: a gRPC server that answers what it is sent and does nothing else, on
// the same gRPC build and with the same thread, memory and stream settings as the suite's
// services (ServerConfig's defaults), but no interceptors, no authentication and no storage.
// Prints "listening on 127.0.0.1:PORT" once it serves; stops on SIGTERM or SIGINT.
//
//   build/bench/echo_server [--listen=127.0.0.1:0]
#include <grpcpp/grpcpp.h>
#include <grpcpp/resource_quota.h>

#include <csignal>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "common/server/service_host.h"
#include "svcup/internal/bench.grpc.pb.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:0", "host:port to serve on (port 0: a free one)");

namespace {

// Echo over the callback API, as the suite's unary methods are served.
class EchoService final : public svcup::internal::Echo::CallbackService {
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const svcup::internal::EchoMessage* request,
                                 svcup::internal::EchoMessage* response) override {
    *response = *request;
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const svcup::ServerConfig config;  // the suite's settings
  EchoService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(absl::GetFlag(FLAGS_listen), grpc::InsecureServerCredentials(), &port);
  builder.SetMaxReceiveMessageSize(config.max_message_bytes);
  builder.SetMaxSendMessageSize(config.max_message_bytes);
  grpc::ResourceQuota quota("svcup-echo");
  quota.SetMaxThreads(config.max_threads);
  quota.Resize(config.max_memory_bytes);
  builder.SetResourceQuota(quota);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, config.max_streams_per_connection);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << "cannot listen on " << absl::GetFlag(FLAGS_listen) << "\n";
    return 1;
  }
  const std::string address = absl::GetFlag(FLAGS_listen);
  std::cout << "listening on " << address.substr(0, address.rfind(':')) << ":" << port << std::endl;
  int signal = 0;
  sigwait(&signals, &signal);
  server->Shutdown();
  return 0;
}
