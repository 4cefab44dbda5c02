// The gateway's HTTP/1.1 server: libmicrohttpd (Debian's libmicrohttpd-dev), one thread per
// connection up to a fixed number of connections, so the handler may block on its gRPC call and
// a stream may wait for its next event. Everything a hostile client could grow is bounded here:
// connections in all and per address, the memory of a request's headers, its body, and how long
// a connection may sit idle.
#ifndef SVCUP_SERVICES_GATEWAY_HTTP_SERVER_H_
#define SVCUP_SERVICES_GATEWAY_HTTP_SERVER_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/gateway/http_message.h"

struct MHD_Daemon;

namespace svcup::gateway {

// The limits of an HttpServer.
struct HttpLimits {
  // Connections open at once (each has its thread); more wait in the kernel's backlog.
  int max_connections = 256;
  // Connections open at once from one network address.
  int max_connections_per_address = 64;
  // A request's body above this is refused (413) without being read.
  size_t max_body_bytes = 4 << 20;
  // Memory for one connection's request line and headers.
  size_t max_header_bytes = 64 << 10;
  // A connection idle this long is closed (streams send a comment more often than this).
  absl::Duration idle_timeout = absl::Seconds(60);
};

// HTTPS settings, all PEM text; empty for plaintext HTTP.
struct HttpsSettings {
  std::string certificate;  // the server's certificate chain
  std::string private_key;  // its key
  // The CA that signs client certificates: when set, clients are asked for one (and may still
  // come without); HttpRequest says whether one was presented and verified, and its URIs.
  std::string client_ca;
};

// An HTTP server calling one handler per request. Stop() (or destruction) stops accepting,
// cancels open streams and waits for the connections' threads.
class HttpServer {
 public:
  // Answers one request; called on the connection's thread.
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  // Listens on `address` ("127.0.0.1:8080"; port 0 for any free port). INVALID_ARGUMENT for a
  // malformed address, UNAVAILABLE when it cannot be bound.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(const std::string& address,
                                                           const HttpLimits& limits,
                                                           Handler handler,
                                                           HttpsSettings https = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The port it listens on.
  int port() const { return port_; }

  // Stops accepting connections, ends every open stream and waits for the connections in
  // flight to finish (each unary call is bounded by its deadline).
  void Stop();

  // Called by the libmicrohttpd callbacks only.
  struct Exchange;
  const HttpLimits& limits() const { return limits_; }
  bool asks_for_certificates() const { return !https_.client_ca.empty(); }
  const Handler& handler() const { return handler_; }
  void AddStream(const std::shared_ptr<ResponseStream>& stream);
  void RemoveStream(const ResponseStream* stream);

 private:
  HttpServer(const HttpLimits& limits, Handler handler, HttpsSettings https)
      : limits_(limits), handler_(std::move(handler)), https_(std::move(https)) {}

  const HttpLimits limits_;
  const Handler handler_;
  // Kept for the daemon's life: libmicrohttpd reads them from here.
  const HttpsSettings https_;
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;
  absl::Mutex mu_;
  // Streams being sent, so Stop() can end them.
  std::vector<std::shared_ptr<ResponseStream>> streams_ ABSL_GUARDED_BY(mu_);
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_HTTP_SERVER_H_
