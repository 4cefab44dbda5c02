// One server-streaming call to a service, read at the pace of its HTTP client: at most one
// message is held between the service and the client, so a slow client slows the gRPC stream
// (flow control reaches the service, which cuts off consumers too far behind) and nothing
// queues in the gateway.
#ifndef SVCUP_SERVICES_GATEWAY_BACKEND_STREAM_H_
#define SVCUP_SERVICES_GATEWAY_BACKEND_STREAM_H_

#include <grpcpp/client_context.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/client_callback.h>

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace svcup::gateway {

// A streaming call in flight. Thread-safe; keeps itself alive until the call has ended.
class BackendStream final : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  // Calls `method` on `stub` with `request` (binary) under `context`, the one request sent
  // whole before the stream is read.
  static std::shared_ptr<BackendStream> Open(grpc::GenericStub& stub, const std::string& method,
                                             std::unique_ptr<grpc::ClientContext> context,
                                             const std::string& request);

  // What Next() found.
  enum class Read { kMessage, kQuiet, kEnded };

  // Waits up to `wait` for the next message: kMessage with it in `message`; kQuiet if none came;
  // kEnded with the call's status in `status` once the stream has ended.
  Read Next(absl::Duration wait, std::string* message, grpc::Status* status);

  // Cancels the call (the client has gone, or the gateway stops).
  void Cancel();

  void OnReadDone(bool ok) override;
  void OnDone(const grpc::Status& status) override;

 private:
  BackendStream(std::unique_ptr<grpc::ClientContext> context, const std::string& request);

  // Gives up the hold that lets Next() start reads from its own thread (once).
  void ReleaseHold();

  std::unique_ptr<grpc::ClientContext> context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer incoming_;
  absl::Mutex mu_;
  bool holding_ ABSL_GUARDED_BY(mu_) = false;  // incoming_ holds a message not yet taken
  bool reading_ ABSL_GUARDED_BY(mu_) = true;   // a read is outstanding
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool hold_released_ ABSL_GUARDED_BY(mu_) = false;
  // Cancel() is cancelling: the hold stays until it is done (TryCancel needs a live call).
  bool cancelling_ ABSL_GUARDED_BY(mu_) = false;
  bool release_pending_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status status_ ABSL_GUARDED_BY(mu_);
  // This object, kept alive by the call until OnDone.
  std::shared_ptr<BackendStream> self_;
};

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_BACKEND_STREAM_H_
