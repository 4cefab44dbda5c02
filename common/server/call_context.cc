#include "common/server/call_context.h"

#include <openssl/rand.h>

#include <algorithm>
#include <atomic>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"

namespace svcup {
namespace {

struct Registry {
  absl::Mutex mu;
  absl::flat_hash_map<const grpc::ServerContextBase*, CallRecord*> calls ABSL_GUARDED_BY(mu);
};

Registry& Calls() {
  static Registry* registry = new Registry;
  return *registry;
}

thread_local std::string current_request_id;
thread_local absl::Time current_deadline = absl::InfiniteFuture();

}  // namespace

std::string NewRequestId() {
  // A random per-process prefix and a counter: cheap, unique in the process, and two processes
  // share a prefix with probability 2^-32.
  static const uint32_t prefix = [] {
    uint32_t value = 0;
    RAND_bytes(reinterpret_cast<unsigned char*>(&value), sizeof(value));
    return value;
  }();
  static std::atomic<uint32_t> counter{0};
  return absl::StrFormat("%08x%08x", prefix, counter.fetch_add(1, std::memory_order_relaxed));
}

bool IsAcceptableRequestId(absl::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return c > 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
}

void CallRecords::Add(const grpc::ServerContextBase* context, CallRecord* record) {
  absl::MutexLock lock(&Calls().mu);
  Calls().calls[context] = record;
}

void CallRecords::Remove(const grpc::ServerContextBase* context) {
  absl::MutexLock lock(&Calls().mu);
  Calls().calls.erase(context);
}

CallRecord* CallRecords::Find(const grpc::ServerContextBase* context) {
  absl::MutexLock lock(&Calls().mu);
  auto it = Calls().calls.find(context);
  return it == Calls().calls.end() ? nullptr : it->second;
}

grpc::Status TurnAwayIfStopping(const grpc::ServerContextBase& context) {
  const CallRecord* record = CallRecords::Find(&context);
  if (record == nullptr || !record->turned_away) return grpc::Status::OK;
  return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                      "the service is stopping: retry, and another replica (or this one once "
                      "restarted) will answer; nothing was done");
}

grpc::Status AdmitCaller(const grpc::ServerContextBase& context, const v1::Principal& caller) {
  const CallRecord* record = CallRecords::Find(&context);
  if (record == nullptr || record->limiter == nullptr || caller.role() == v1::ROLE_SERVICE) {
    return grpc::Status::OK;
  }
  std::string key;
  if (caller.role() == v1::ROLE_PUBLIC) {
    // "ipv4:127.0.0.1:54321" -> "ipv4:127.0.0.1": one budget per address, not per connection.
    key = context.peer();
    if (const size_t colon = key.rfind(':'); colon != std::string::npos && colon > 5) {
      key.resize(colon);
    }
  } else {
    key = absl::StrFormat("%s %d %s", caller.organisation(), caller.role(), caller.subject());
  }
  return record->limiter->Admit(key, absl::Now());
}

void NoteCaller(const grpc::ServerContextBase& context, const v1::Principal& caller) {
  if (CallRecord* record = CallRecords::Find(&context)) {
    record->caller = caller.organisation().empty()
                         ? v1::Role_Name(caller.role())
                         : absl::StrFormat("%s %s %s", caller.organisation(),
                                           v1::Role_Name(caller.role()), caller.subject());
  }
}

const std::string& CurrentRequestId() { return current_request_id; }

absl::Time OutgoingDeadline(absl::Duration cap) {
  return std::min(absl::Now() + cap, current_deadline);
}

ScopedCallContext::ScopedCallContext(const grpc::ServerContextBase& context)
    : previous_(std::move(current_request_id)), previous_deadline_(current_deadline) {
  const CallRecord* record = CallRecords::Find(&context);
  current_request_id = record != nullptr ? record->request_id : "";
  current_deadline = absl::FromChrono(context.deadline());
}

ScopedCallContext::~ScopedCallContext() {
  current_request_id = std::move(previous_);
  current_deadline = previous_deadline_;
}

}  // namespace svcup
