#include "tests/testing/http_client.h"

#include <curl/curl.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace svcup::testing {

namespace {

struct Reading {
  HttpAnswer* answer;
  int events_wanted = 0;  // > 0: stop once the body holds this many data lines
};

std::vector<std::string> FieldValues(const std::string& stream, absl::string_view field) {
  std::vector<std::string> values;
  for (absl::string_view line : absl::StrSplit(stream, '\n')) {
    if (absl::ConsumePrefix(&line, field)) {
      absl::ConsumePrefix(&line, " ");
      values.emplace_back(line);
    }
  }
  return values;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* reading = static_cast<Reading*>(user);
  reading->answer->body.append(data, size * count);
  if (reading->events_wanted > 0 &&
      static_cast<int>(FieldValues(reading->answer->body, "data:").size()) >=
          reading->events_wanted) {
    return 0;  // enough: ends the transfer
  }
  return size * count;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* answer = static_cast<HttpAnswer*>(user);
  absl::string_view line(data, size * count);
  const size_t colon = line.find(':');
  if (colon != absl::string_view::npos) {
    answer->headers[absl::AsciiStrToLower(line.substr(0, colon))] =
        std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
  }
  return size * count;
}

HttpAnswer Perform(const std::string& method, const std::string& url,
                   const std::vector<std::string>& headers, const std::string& body,
                   absl::Duration timeout, int events_wanted) {
  HttpAnswer answer;
  Reading reading{&answer, events_wanted};
  CURL* curl = curl_easy_init();
  curl_slist* header_list = nullptr;
  for (const std::string& header : headers)
    header_list = curl_slist_append(header_list, header.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "POST" || !body.empty()) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(timeout)));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reading);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer);
  const CURLcode result = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  if (result != CURLE_OK && !(result == CURLE_WRITE_ERROR && events_wanted > 0)) {
    answer.error = curl_easy_strerror(result);
    if (events_wanted == 0) answer.status = 0;
  }
  curl_slist_free_all(header_list);
  curl_easy_cleanup(curl);
  return answer;
}

}  // namespace

HttpAnswer HttpCall(const std::string& method, const std::string& url,
                    const std::vector<std::string>& headers, const std::string& body,
                    absl::Duration timeout) {
  return Perform(method, url, headers, body, timeout, 0);
}

HttpAnswer PostJson(const std::string& url, const std::string& json, const std::string& token,
                    const std::vector<std::string>& extra_headers) {
  std::vector<std::string> headers = {"Content-Type: application/json"};
  if (!token.empty()) headers.push_back("Authorization: Bearer " + token);
  headers.insert(headers.end(), extra_headers.begin(), extra_headers.end());
  return HttpCall("POST", url, headers, json);
}

HttpAnswer ReadEvents(const std::string& url, const std::vector<std::string>& headers, int events,
                      absl::Duration timeout) {
  return Perform("GET", url, headers, "", timeout, events);
}

std::vector<std::string> EventData(const std::string& stream) {
  return FieldValues(stream, "data:");
}

std::vector<std::string> EventIds(const std::string& stream) { return FieldValues(stream, "id:"); }

}  // namespace svcup::testing
