#include "services/gateway/gateway_service.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/server/call_context.h"
#include "common/server/log.h"
#include "services/gateway/connect_errors.h"
#include "services/gateway/server_sent_events.h"

namespace svcup::gateway {

namespace {

using grpc::StatusCode;

// At most `n` characters of what a client sent, for messages.
std::string Quote(absl::string_view sent, size_t n = 32) {
  return sent.size() <= n ? std::string(sent) : absl::StrCat(sent.substr(0, n), "…");
}

bool IsJson(const std::string& content_type) {
  const absl::string_view type =
      absl::StripAsciiWhitespace(absl::string_view(content_type).substr(0, content_type.find(';')));
  return absl::EqualsIgnoreCase(type, "application/json");
}

}  // namespace

GatewayService::GatewayService(const RpcCatalog& catalog, const GrpcBackends& backends,
                               GatewayOptions options, PortalService* portal,
                               GatewayMetrics* metrics)
    : catalog_(catalog),
      backends_(backends),
      portal_(portal),
      metrics_(metrics),
      options_(std::move(options)),
      limiter_(options_.rate_per_second, options_.rate_burst) {}

HttpResponse GatewayService::Handle(const HttpRequest& request) {
  const absl::Time start = absl::Now();
  const std::string& sent_id = request.Header("x-request-id");
  const std::string request_id = IsAcceptableRequestId(sent_id) ? sent_id : NewRequestId();
  const bool api = portal_ == nullptr || absl::StartsWith(request.path, "/svcup.");
  HttpResponse response;
  if (api && request.method == "OPTIONS") {
    response.status = 204;  // a CORS preflight: the headers below answer it
  } else if (grpc::Status admitted = limiter_.Admit(request.client_address, absl::Now());
             !admitted.ok()) {
    response = ConnectErrorResponse(admitted);
  } else {
    response = api ? Route(request, request_id) : portal_->Handle(request, request_id);
  }
  response.With("X-Request-Id", request_id)
      .With("X-Content-Type-Options", "nosniff")
      .With("Referrer-Policy", "no-referrer");
  if (api) {
    response.With("Cache-Control", "no-store")
        .With("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    AddCorsHeaders(request, response);
  }
  if (metrics_ != nullptr) {
    std::string route = "portal";
    if (api) route = catalog_.Find(request.path) != nullptr ? request.path : "unknown";
    metrics_->Observe(route, response.status, absl::ToDoubleSeconds(absl::Now() - start));
  }
  Log("info", "http request",
      {{"request_id", request_id},
       {"method", Quote(request.method, 16)},
       {"path", Quote(request.path, 120)},
       {"status", absl::StrCat(response.status)},
       {"client", request.client_address},
       {"ms", absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(absl::Now() - start))}});
  return response;
}

HttpResponse GatewayService::Route(const HttpRequest& request, const std::string& request_id) {
  const RpcRoute* route = catalog_.Find(request.path);
  if (route == nullptr) {
    return ConnectErrorResponse(404, StatusCode::NOT_FOUND,
                                absl::StrCat("no RPC at \"", Quote(request.path, 80),
                                             "\": paths are /<package.Service>/<Method>, such as "
                                             "/svcup.v1.PlanRegistry/ListOrganisations"));
  }
  if (route->method->client_streaming()) {
    return ConnectErrorResponse(
        501, StatusCode::UNIMPLEMENTED,
        absl::StrCat(route->method->name(),
                     " streams its requests, which HTTP/1.1 cannot carry: call it over gRPC"));
  }
  const bool stream = route->method->server_streaming();
  if (request.method != "POST" && !(stream && request.method == "GET")) {
    return ConnectErrorResponse(
               405, StatusCode::UNIMPLEMENTED,
               absl::StrCat("method ", Quote(request.method, 16), " of ", route->path, ": use POST",
                            stream ? " (or GET for its events)" : ""))
        .With("Allow", stream ? "GET, POST" : "POST");
  }
  if (request.body_too_large) {
    return ConnectErrorResponse(413, StatusCode::RESOURCE_EXHAUSTED,
                                "the request body is over the gateway's limit");
  }
  if (request.method == "POST" && !IsJson(request.Header("content-type"))) {
    return ConnectErrorResponse(415, StatusCode::INVALID_ARGUMENT,
                                absl::StrCat("Content-Type must be application/json, got \"",
                                             Quote(request.Header("content-type")), "\""))
        .With("Accept-Post", "application/json");
  }
  const std::string& version = request.Header("connect-protocol-version");
  if (!version.empty() && version != "1") {
    return ConnectErrorResponse(
        400, StatusCode::INVALID_ARGUMENT,
        absl::StrCat("Connect-Protocol-Version must be 1, got \"", Quote(version), "\""));
  }
  OutgoingCall call;
  if (request.presented_certificate) {
    // The client's certificate names the caller, and the services believe it from the gateway.
    std::vector<std::string> identities;
    for (const std::string& uri : request.certificate_uris) {
      if (absl::StartsWith(uri, "spiffe://")) identities.push_back(uri);
    }
    if (!request.certificate_verified || identities.size() != 1) {
      return ConnectErrorResponse(
          401, StatusCode::UNAUTHENTICATED,
          !request.certificate_verified
              ? "the client certificate is not signed by a CA the gateway trusts"
              : "the client certificate must name exactly one caller: a URI SAN "
                "spiffe://<trust domain>/orgs/<code>/roles/<role>/subjects/<subject>");
    }
    call.relayed_certificate_uri = identities.front();
  }
  call.authorization = request.Header("authorization");
  call.request_id = request_id;
  if (auto refused = ReadDeadline(request, &call.deadline)) return *refused;
  if (stream) return ServeStream(request, *route, call);
  return ServeUnary(request, *route, call);
}

std::optional<HttpResponse> GatewayService::ReadDeadline(const HttpRequest& request,
                                                         absl::Time* deadline) {
  const std::string& timeout = request.Header("connect-timeout-ms");
  absl::Duration granted = options_.default_timeout;
  if (!timeout.empty()) {
    int64_t ms = 0;
    if (timeout.size() > 10 || !std::all_of(timeout.begin(), timeout.end(), absl::ascii_isdigit) ||
        !absl::SimpleAtoi(timeout, &ms) || ms <= 0) {
      return ConnectErrorResponse(
          400, StatusCode::INVALID_ARGUMENT,
          absl::StrCat("Connect-Timeout-Ms must be a positive whole number of milliseconds "
                       "(at most 10 digits), got \"",
                       Quote(timeout), "\""));
    }
    granted = std::min(absl::Milliseconds(ms), options_.max_timeout);
  }
  *deadline = absl::Now() + granted;
  return std::nullopt;
}

HttpResponse GatewayService::ServeUnary(const HttpRequest& request, const RpcRoute& route,
                                        const OutgoingCall& call) {
  absl::StatusOr<std::string> encoded = RpcCatalog::RequestFromJson(route, request.body);
  if (!encoded.ok()) {
    return ConnectErrorResponse(
        grpc::Status(StatusCode::INVALID_ARGUMENT, std::string(encoded.status().message())));
  }
  BackendAnswer answer = backends_.Call(route, *encoded, call);
  if (!answer.status.ok()) return ConnectErrorResponse(answer.status);
  absl::StatusOr<std::string> json = RpcCatalog::ResponseToJson(route, answer.response);
  if (!json.ok()) {
    return ConnectErrorResponse(
        grpc::Status(StatusCode::INTERNAL, std::string(json.status().message())));
  }
  HttpResponse response;
  response.body = std::move(*json);
  response.With("Content-Type", "application/json");
  return response;
}

HttpResponse GatewayService::ServeStream(const HttpRequest& request, const RpcRoute& route,
                                         const OutgoingCall& call) {
  // GET carries the request as ?message=<JSON> (the Connect protocol's GET form).
  const std::string* json = &request.body;
  auto message = request.query.find("message");
  if (request.method == "GET") {
    static const std::string kEmpty;
    json = message == request.query.end() ? &kEmpty : &message->second;
  }
  absl::StatusOr<std::string> encoded;
  const std::string& last_event = request.Header("last-event-id");
  if (!last_event.empty() && route.method->input_type()->FindFieldByName("after_sequence")) {
    int64_t sequence = 0;
    if (!absl::SimpleAtoi(last_event, &sequence) || sequence < 0) {
      return ConnectErrorResponse(400, StatusCode::INVALID_ARGUMENT,
                                  absl::StrCat("Last-Event-ID must be an event's sequence "
                                               "number, got \"",
                                               Quote(last_event), "\""));
    }
    encoded = RpcCatalog::RequestFromJson(route, *json, "after_sequence", sequence);
  } else {
    encoded = RpcCatalog::RequestFromJson(route, *json);
  }
  if (!encoded.ok()) {
    return ConnectErrorResponse(
        grpc::Status(StatusCode::INVALID_ARGUMENT, std::string(encoded.status().message())));
  }
  if (open_streams_.fetch_add(1) >= options_.max_streams) {
    open_streams_.fetch_sub(1);
    return ConnectErrorResponse(429, StatusCode::RESOURCE_EXHAUSTED,
                                absl::StrCat("the gateway has ", options_.max_streams,
                                             " event streams open, its limit: retry later"))
        .With("Retry-After", "5");
  }
  OutgoingCall streaming = call;
  streaming.deadline = absl::InfiniteFuture();  // a stream lasts while its client listens
  std::shared_ptr<BackendStream> backend = backends_.Open(route, *encoded, streaming);
  // A refusal (unauthenticated, not allowed, malformed) comes at once: answer it with its HTTP
  // status rather than as an event of a 200 stream.
  std::string first;
  grpc::Status ended;
  std::optional<std::string> held;
  HttpResponse response;
  response.With("Content-Type", "text/event-stream");
  switch (backend->Next(absl::Milliseconds(250), &first, &ended)) {
    case BackendStream::Read::kEnded:
      open_streams_.fetch_sub(1);
      if (!ended.ok()) return ConnectErrorResponse(ended);
      return response;  // a stream already over, without an event
    case BackendStream::Read::kMessage:
      held = std::move(first);
      break;
    case BackendStream::Read::kQuiet:
      break;
  }
  if (metrics_ != nullptr) metrics_->open_streams().Increment();
  response.stream = std::make_shared<ServerSentEvents>(route, std::move(backend), std::move(held),
                                                       options_.keepalive, [this] {
                                                         open_streams_.fetch_sub(1);
                                                         if (metrics_ != nullptr)
                                                           metrics_->open_streams().Decrement();
                                                       });
  return response;
}

bool GatewayService::OriginAllowed(const std::string& origin) const {
  return !origin.empty() && std::any_of(options_.cors_origins.begin(), options_.cors_origins.end(),
                                        [&origin](const std::string& allowed) {
                                          return allowed == "*" || allowed == origin;
                                        });
}

void GatewayService::AddCorsHeaders(const HttpRequest& request, HttpResponse& response) const {
  const std::string& origin = request.Header("origin");
  if (!OriginAllowed(origin)) return;
  response.With("Access-Control-Allow-Origin", origin)
      .With("Vary", "Origin")
      .With("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
  if (request.method == "OPTIONS") {
    response.With("Access-Control-Allow-Methods", "POST, GET")
        .With("Access-Control-Allow-Headers",
              "Authorization, Content-Type, Connect-Protocol-Version, Connect-Timeout-Ms, "
              "X-Request-Id, Last-Event-ID")
        .With("Access-Control-Max-Age", "600");
  }
}

}  // namespace svcup::gateway
