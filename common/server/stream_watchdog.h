// Ends client streams that go quiet. A sync gRPC server spends a thread on every open stream, so
// a client that opens streams and sends nothing would hold threads until the thread quota turns
// everyone away; the watchdog cancels a stream that has sent nothing for a while. One thread
// watches every stream of the server.
#ifndef SVCUP_COMMON_SERVER_STREAM_WATCHDOG_H_
#define SVCUP_COMMON_SERVER_STREAM_WATCHDOG_H_

#include <grpcpp/server_context.h>

#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace svcup {

// Cancels (TryCancel) a call at its deadline unless it was disarmed or re-armed first.
class StreamWatchdog {
 public:
  StreamWatchdog();
  ~StreamWatchdog();
  StreamWatchdog(const StreamWatchdog&) = delete;
  StreamWatchdog& operator=(const StreamWatchdog&) = delete;

  // Cancels `context` at `deadline` unless Disarm (or Arm again) comes first.
  void Arm(grpc::ServerContextBase* context, absl::Time deadline);
  // Forgets `context`; call before the call ends.
  void Disarm(grpc::ServerContextBase* context);
  // Whether the watchdog cancelled `context` (reported until Disarm).
  bool Cancelled(grpc::ServerContextBase* context);

 private:
  void Run();

  absl::Mutex mu_;
  absl::flat_hash_map<grpc::ServerContextBase*, absl::Time> deadlines_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<grpc::ServerContextBase*, bool> cancelled_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_STREAM_WATCHDOG_H_
