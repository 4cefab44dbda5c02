// The gateway's handler: every unary RPC of the suite as JSON over HTTP in the Connect protocol's
// unary form (POST /svcup.v1.ProgressReports/SubmitReport, Content-Type: application/json),
// server-streaming RPCs as Server-Sent Events, errors as Connect error JSON under their HTTP
// status. It checks what HTTP can get wrong (method, content type, size, timeout header,
// per-address rate), encodes by the RPC catalog and passes the caller's bearer token and request
// id through: who may do what is decided by the services, as for gRPC callers.
#ifndef SVCUP_SERVICES_GATEWAY_GATEWAY_SERVICE_H_
#define SVCUP_SERVICES_GATEWAY_GATEWAY_SERVICE_H_

#include <atomic>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/server/rate_limiter.h"
#include "services/gateway/gateway_metrics.h"
#include "services/gateway/grpc_backends.h"
#include "services/gateway/http_message.h"
#include "services/gateway/portal_service.h"
#include "services/gateway/rpc_catalog.h"

namespace svcup::gateway {

// The gateway's settings.
struct GatewayOptions {
  // Origins whose pages may call the API from a browser (CORS), exactly as the browser sends
  // them ("https://portal.moj.example"); "*" for any. Empty: same-origin pages only.
  std::vector<std::string> cors_origins;
  // The deadline of a call without Connect-Timeout-Ms, and the longest one granted.
  absl::Duration default_timeout = absl::Seconds(30);
  absl::Duration max_timeout = absl::Seconds(60);
  // Event streams open at once; more are refused (429).
  int max_streams = 64;
  // A stream quiet this long gets a comment line.
  absl::Duration keepalive = absl::Seconds(15);
  // Requests a second from one network address, in bursts of up to rate_burst (<= 0: no limit).
  double rate_per_second = 100;
  double rate_burst = 200;
};

// Answers HTTP requests with the services' answers. Thread-safe.
class GatewayService {
 public:
  // `catalog`, `backends` and `portal` (if any) must outlive the service. Without a portal every
  // path is taken for an RPC; with one, paths outside /svcup.* are the portal's.
  // `metrics` (if any) counts every request.
  GatewayService(const RpcCatalog& catalog, const GrpcBackends& backends, GatewayOptions options,
                 PortalService* portal = nullptr, GatewayMetrics* metrics = nullptr);

  // Answers one request; logs one line for it.
  HttpResponse Handle(const HttpRequest& request);

  // Event streams open now.
  int open_streams() const { return open_streams_.load(); }

 private:
  HttpResponse Route(const HttpRequest& request, const std::string& request_id);
  HttpResponse ServeUnary(const HttpRequest& request, const RpcRoute& route,
                          const OutgoingCall& call);
  HttpResponse ServeStream(const HttpRequest& request, const RpcRoute& route,
                           const OutgoingCall& call);
  // OK, or the error answer for a malformed Connect-Timeout-Ms; sets `deadline`.
  std::optional<HttpResponse> ReadDeadline(const HttpRequest& request, absl::Time* deadline);
  // The CORS headers for the request's Origin, when it is allowed.
  void AddCorsHeaders(const HttpRequest& request, HttpResponse& response) const;
  bool OriginAllowed(const std::string& origin) const;

  const RpcCatalog& catalog_;
  const GrpcBackends& backends_;
  PortalService* const portal_;
  GatewayMetrics* const metrics_;
  const GatewayOptions options_;
  RateLimiter limiter_;
  std::atomic<int> open_streams_{0};
};

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_GATEWAY_SERVICE_H_
