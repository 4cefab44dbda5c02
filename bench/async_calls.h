// What the load generators share: connections, calls on the callback client API (no thread per
// call), and a scenario's outcome (calls/s, latency percentiles, errors by status code) with
// its JSON form.
#ifndef SVCUP_BENCH_ASYNC_CALLS_H_
#define SVCUP_BENCH_ASYNC_CALLS_H_

#include <grpcpp/create_channel.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace svcup::bench {

// `count` connections to `address`, each its own (distinct channel arguments).
inline std::vector<std::shared_ptr<grpc::Channel>> Channels(const std::string& address, int count) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.channel_id", i);  // distinct arguments: a connection each
    channels.push_back(
        grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args));
  }
  return channels;
}

// A call's context, request and response, alive until its callback.
template <typename Request, typename Response>
struct Call {
  grpc::ClientContext context;
  Request request;
  Response response;
};

// A call with a 10 s deadline, carrying `token` as its bearer token unless it is empty.
template <typename Request, typename Response>
std::unique_ptr<Call<Request, Response>> NewCall(const std::string& token) {
  auto call = std::make_unique<Call<Request, Response>>();
  call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!token.empty()) call->context.AddMetadata("authorization", "Bearer " + token);
  return call;
}

// Runs `method` (a stub's async() method bound to a stub) for `call`, then `done` with the
// status and the response (on a gRPC thread), then frees the call.
template <typename Request, typename Response, typename Method>
void Start(std::unique_ptr<Call<Request, Response>> call, Method method,
           std::function<void(grpc::Status, const Response&)> done) {
  auto* raw = call.release();
  method(&raw->context, &raw->request, &raw->response,
         [raw, done = std::move(done)](grpc::Status status) {
           std::unique_ptr<Call<Request, Response>> owned(raw);
           done(status, owned->response);
         });
}

// A scenario's outcome.
struct Outcome {
  std::string name;
  double calls_per_second = 0;
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;
  std::map<std::string, int64_t> errors;  // by status code name
  int64_t calls = 0;
  double seconds = 0;
};

// The outcome of `latencies_ms` (sorted here) over `seconds`, failures excluded from the rate.
inline Outcome Summarise(std::string name, std::vector<double> latencies_ms, double seconds,
                         std::map<std::string, int64_t> errors) {
  Outcome outcome;
  outcome.name = std::move(name);
  outcome.errors = std::move(errors);
  outcome.seconds = seconds;
  outcome.calls = static_cast<int64_t>(latencies_ms.size());
  if (latencies_ms.empty()) return outcome;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  int64_t failed = 0;
  for (const auto& [code, count] : outcome.errors) failed += count;
  outcome.calls_per_second = static_cast<double>(outcome.calls - failed) / seconds;
  const auto at = [&](double q) {
    return latencies_ms[std::min(latencies_ms.size() - 1,
                                 static_cast<size_t>(q * latencies_ms.size()))];
  };
  outcome.p50_ms = at(0.50);
  outcome.p90_ms = at(0.90);
  outcome.p99_ms = at(0.99);
  outcome.max_ms = latencies_ms.back();
  return outcome;
}

// The header of the table PrintRow prints under.
inline std::string TableHeader() {
  return absl::StrFormat("%-26s %10s %7s %8s %8s %8s %8s  %s\n", "scenario", "calls/s", "x echo",
                         "p50 ms", "p90 ms", "p99 ms", "max ms", "errors");
}

// One outcome as a table row, its rate as a ratio to `echo` calls/s (0: no ratio).
inline std::string TableRow(const Outcome& o, double echo) {
  std::vector<std::string> errors;
  for (const auto& [code, count] : o.errors) errors.push_back(absl::StrCat(code, " ", count));
  return absl::StrFormat(
      "%-26s %10.0f %7s %8.2f %8.2f %8.2f %8.2f  %s\n", o.name, o.calls_per_second,
      echo > 0 ? absl::StrFormat("%.3f", o.calls_per_second / echo) : "-", o.p50_ms, o.p90_ms,
      o.p99_ms, o.max_ms, errors.empty() ? "-" : absl::StrJoin(errors, ", "));
}

// One outcome as a JSON object, its rate as a ratio to `echo` calls/s (0: no ratio).
inline std::string OutcomeJson(const Outcome& o, double echo) {
  std::vector<std::string> errors;
  for (const auto& [code, count] : o.errors)
    errors.push_back(absl::StrCat("\"", code, "\": ", count));
  return absl::StrFormat(
      "{\"name\": \"%s\", \"calls_per_second\": %.1f, \"ratio_to_echo\": %.4f, \"p50_ms\": %.3f, "
      "\"p90_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, \"calls\": %d, \"seconds\": %.3f, "
      "\"errors\": {%s}}",
      o.name, o.calls_per_second, echo > 0 ? o.calls_per_second / echo : 0, o.p50_ms, o.p90_ms,
      o.p99_ms, o.max_ms, o.calls, o.seconds, absl::StrJoin(errors, ", "));
}

}  // namespace svcup::bench

#endif  // SVCUP_BENCH_ASYNC_CALLS_H_
