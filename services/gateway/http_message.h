// The HTTP request and response the gateway's handler sees: plain values, so the handler is
// tested without a socket and the HTTP server (http_server.h) is the only code that knows
// libmicrohttpd.
#ifndef SVCUP_SERVICES_GATEWAY_HTTP_MESSAGE_H_
#define SVCUP_SERVICES_GATEWAY_HTTP_MESSAGE_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace svcup::gateway {

// A body sent piece by piece as it is produced (Server-Sent Events). The server calls Next()
// from the connection's own thread until it returns nullopt, and Cancel() (from any thread)
// when the client has gone or the server stops.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // The next piece of the body, waiting for it as long as needed; nullopt at the end.
  virtual std::optional<std::string> Next() = 0;
  // Ends the stream: a waiting or later Next() returns nullopt soon.
  virtual void Cancel() = 0;
  // After Next() returned nullopt: whether the body is cut short by a failure (the server then
  // closes the connection without ending the chunked body, so the client knows).
  virtual bool Failed() const { return false; }
};

// One request, read whole (the server refuses bodies over its limit before they are read).
struct HttpRequest {
  std::string method;  // "POST"
  std::string path;    // "/svcup.v1.ProgressReports/SubmitReport", without the query
  // Query parameters, decoded.
  absl::flat_hash_map<std::string, std::string> query;
  // Header values by lower-case name.
  absl::flat_hash_map<std::string, std::string> headers;
  std::string body;
  // Set when the body was longer than the server's limit (body then holds none of it).
  bool body_too_large = false;
  // The client's network address ("127.0.0.1"), for per-client limits and logs.
  std::string client_address;
  // Over HTTPS with client certificates: whether the client presented one, whether it was
  // signed by the trusted client CA, and its URI SANs (only when it was).
  bool presented_certificate = false;
  bool certificate_verified = false;
  std::vector<std::string> certificate_uris;

  // The value of header `lower_case_name`, or "" when absent.
  const std::string& Header(const std::string& lower_case_name) const {
    static const std::string kNone;
    auto it = headers.find(lower_case_name);
    return it == headers.end() ? kNone : it->second;
  }
};

// One response: a status, headers, and either a body or a stream.
struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, the body is this stream's pieces (body is ignored).
  std::shared_ptr<ResponseStream> stream;

  // Adds a header.
  HttpResponse& With(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_HTTP_MESSAGE_H_
