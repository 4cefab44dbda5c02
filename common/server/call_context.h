// What the suite knows about the call a thread is serving: its request id (from the caller's
// `x-request-id` metadata, or generated) and, once authenticated, who the caller is. The access
// log writes both; calls to other services carry the request id on (see grpc_metrics.h), so one
// id follows a request through plans, reports and reviews.
#ifndef SVCUP_COMMON_SERVER_CALL_CONTEXT_H_
#define SVCUP_COMMON_SERVER_CALL_CONTEXT_H_

#include <grpcpp/server_context.h>

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/server/rate_limiter.h"
#include "svcup/v1/common.pb.h"

namespace svcup {

// The metadata key of request ids, incoming and outgoing.
inline constexpr char kRequestIdMetadata[] = "x-request-id";

// A fresh request id: 16 hex digits, unique within the process and unlikely to repeat across.
std::string NewRequestId();

// Whether a request id a caller sent is kept: 1 to 64 printable ASCII characters, no quotes or
// backslashes (ids are written into log lines). Others are replaced by a fresh one.
bool IsAcceptableRequestId(absl::string_view id);

// What the access log records of one call. Owned by the access-log interceptor of the call.
struct CallRecord {
  std::string request_id;
  std::string caller;  // "orgs/dpo-taipei ROLE_AGENCY_STAFF chen", once authenticated
  bool turned_away = false;  // arrived while its server was stopping (drain_gate.h)
  RateLimiter* limiter = nullptr;  // its server's per-caller limits (rate_limiter.h), if any
};

// Calls in flight, by their server context, so code holding only the context can add to the
// record (the authenticator notes the caller). Thread-safe.
class CallRecords {
 public:
  static void Add(const grpc::ServerContextBase* context, CallRecord* record);
  static void Remove(const grpc::ServerContextBase* context);
  // The record of a call in flight, or nullptr (calls served without the interceptor: tests).
  static CallRecord* Find(const grpc::ServerContextBase* context);
};

// UNAVAILABLE, asking the client to retry, when `context`'s call arrived while its server was
// stopping (drain_gate.h); OK otherwise. Every handler checks it first.
grpc::Status TurnAwayIfStopping(const grpc::ServerContextBase& context);

// OK when the server's rate limiter admits `caller` for this call (the suite's services always);
// RESOURCE_EXHAUSTED with a RetryInfo otherwise. The public is limited per network address.
grpc::Status AdmitCaller(const grpc::ServerContextBase& context, const v1::Principal& caller);

// Notes the authenticated caller of `context` in its record, if it has one.
void NoteCaller(const grpc::ServerContextBase& context, const v1::Principal& caller);

// The request id of the call the current thread serves ("" when none).
const std::string& CurrentRequestId();

// The deadline of a call this thread makes to another service: `cap` from now, or sooner if the
// call the thread serves must be answered before that (its client's deadline).
absl::Time OutgoingDeadline(absl::Duration cap);

// Makes `context`'s request id the current thread's for its lifetime (nestable).
class ScopedCallContext {
 public:
  explicit ScopedCallContext(const grpc::ServerContextBase& context);
  ~ScopedCallContext();
  ScopedCallContext(const ScopedCallContext&) = delete;
  ScopedCallContext& operator=(const ScopedCallContext&) = delete;

 private:
  std::string previous_;
  absl::Time previous_deadline_;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_CALL_CONTEXT_H_
