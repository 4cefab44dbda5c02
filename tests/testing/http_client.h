// HTTP/1.1 calls for tests (libcurl): a request with headers and a body, the answer's status,
// headers and body, within a bounded time; and the first events of a Server-Sent Events stream.
#ifndef SVCUP_TESTS_TESTING_HTTP_CLIENT_H_
#define SVCUP_TESTS_TESTING_HTTP_CLIENT_H_

#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace svcup::testing {

// An HTTP answer; status 0 when the call failed (error says why).
struct HttpAnswer {
  long status = 0;
  // Header values by lower-case name (the last of a repeated header).
  std::map<std::string, std::string> headers;
  std::string body;
  std::string error;

  // The value of `lower_case_name`, or "".
  std::string Header(const std::string& lower_case_name) const {
    auto it = headers.find(lower_case_name);
    return it == headers.end() ? "" : it->second;
  }
};

// `method` `url` with `headers` ("Name: value") and `body`, bounded by `timeout`.
HttpAnswer HttpCall(const std::string& method, const std::string& url,
                    const std::vector<std::string>& headers = {}, const std::string& body = "",
                    absl::Duration timeout = absl::Seconds(10));

// POST `json` to `url` as application/json, with a bearer `token` unless it is empty.
HttpAnswer PostJson(const std::string& url, const std::string& json, const std::string& token = "",
                    const std::vector<std::string>& extra_headers = {});

// Reads a Server-Sent Events stream at `url` (GET) until it holds `events` events with data
// or `timeout` passes; the answer's body is the stream read so far.
HttpAnswer ReadEvents(const std::string& url, const std::vector<std::string>& headers, int events,
                      absl::Duration timeout);

// The values of the "data:" lines of a Server-Sent Events body, in order.
std::vector<std::string> EventData(const std::string& stream);

// The values of the "id:" lines of a Server-Sent Events body, in order.
std::vector<std::string> EventIds(const std::string& stream);

}  // namespace svcup::testing

#endif  // SVCUP_TESTS_TESTING_HTTP_CLIENT_H_
