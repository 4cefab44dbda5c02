// Turns calls away while a server stops, so that none is cut off.
//
// gRPC cancels (CANCELLED, no handler run, no log line) every call that reaches a server after
// grpc::Server::Shutdown has begun: calls that crossed the GOAWAY on the wire. So a stopping
// ServiceHost first closes this gate: calls that arrive from then on are still served by their
// handler, which answers UNAVAILABLE ("retry"; the access log has the line); once no call has
// arrived for a short quiet spell (clients have seen UNAVAILABLE and gone to another replica),
// the server shuts down with nothing in the pipe.
#ifndef SVCUP_COMMON_SERVER_DRAIN_GATE_H_
#define SVCUP_COMMON_SERVER_DRAIN_GATE_H_

#include <atomic>
#include <cstdint>

#include "absl/time/time.h"

namespace svcup {

// One per server. Thread-safe.
class DrainGate {
 public:
  // Notes a call arriving; returns true when the gate is closed and the call is to be turned
  // away.
  bool Arrive();

  // Closes the gate: every call arriving from now on is turned away.
  void Close() { closed_ = true; }

  // Waits until no call has arrived for `quiet`, or until `deadline`, whichever is first.
  void WaitForQuiet(absl::Duration quiet, absl::Time deadline) const;

 private:
  std::atomic<bool> closed_{false};
  std::atomic<int64_t> last_arrival_ns_{0};  // absl::Now() in Unix nanoseconds
};

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_DRAIN_GATE_H_
