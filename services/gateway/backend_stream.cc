#include "services/gateway/backend_stream.h"

#include "common/server/byte_buffers.h"

namespace svcup::gateway {

BackendStream::BackendStream(std::unique_ptr<grpc::ClientContext> context,
                             const std::string& request)
    : context_(std::move(context)) {
  grpc::Slice slice(request);
  request_ = grpc::ByteBuffer(&slice, 1);
}

std::shared_ptr<BackendStream> BackendStream::Open(grpc::GenericStub& stub,
                                                   const std::string& method,
                                                   std::unique_ptr<grpc::ClientContext> context,
                                                   const std::string& request) {
  std::shared_ptr<BackendStream> stream(new BackendStream(std::move(context), request));
  stream->self_ = stream;
  stub.PrepareBidiStreamingCall(stream->context_.get(), method, grpc::StubOptions(), stream.get());
  // The hold keeps the call open while a message waits for Next(), which starts the next read
  // from the HTTP connection's thread; it is given up when the reads end or the call is cancelled.
  stream->AddHold();
  stream->StartWriteLast(&stream->request_, grpc::WriteOptions());
  stream->StartRead(&stream->incoming_);
  stream->StartCall();
  return stream;
}

BackendStream::Read BackendStream::Next(absl::Duration wait, std::string* message,
                                        grpc::Status* status) {
  {
    absl::MutexLock lock(&mu_);
    const auto ready = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return holding_ || done_; };
    mu_.AwaitWithTimeout(absl::Condition(&ready), wait);
    if (!holding_) {
      if (!done_) return Read::kQuiet;
      *status = status_;
      return Read::kEnded;
    }
    *message = ByteBufferToString(incoming_);
    incoming_.Clear();
    holding_ = false;
    if (cancelled_) return Read::kMessage;  // no further read: the hold is already given up
    reading_ = true;
  }
  StartRead(&incoming_);  // the next message, only once this one is taken
  return Read::kMessage;
}

void BackendStream::ReleaseHold() {
  {
    absl::MutexLock lock(&mu_);
    if (hold_released_) return;
    hold_released_ = true;
  }
  RemoveHold();  // outside the lock: it may end the call, and OnDone takes the lock
}

void BackendStream::Cancel() {
  {
    absl::MutexLock lock(&mu_);
    const bool ended = cancelled_ || hold_released_;  // cancelled before, or the call may be gone
    cancelled_ = true;
    if (ended) return;
    cancelling_ = true;
  }
  context_->TryCancel();  // the hold keeps the call alive until cancelling_ ends
  bool release;
  {
    absl::MutexLock lock(&mu_);
    cancelling_ = false;
    // No read outstanding (no OnReadDone will give the hold up), or one ended meanwhile.
    release = !reading_ || release_pending_;
  }
  if (release) ReleaseHold();
}

void BackendStream::OnReadDone(bool ok) {
  bool release = false;
  {
    absl::MutexLock lock(&mu_);
    reading_ = false;
    holding_ = ok;
    // The reads are over (the stream ended), or nobody will take this message.
    if (!ok || cancelled_) {
      if (cancelling_) {
        release_pending_ = true;  // Cancel() gives the hold up once its TryCancel returned
      } else {
        release = true;
      }
    }
  }
  if (release) ReleaseHold();
}

void BackendStream::OnDone(const grpc::Status& status) {
  std::shared_ptr<BackendStream> last_reference;
  {
    absl::MutexLock lock(&mu_);
    done_ = true;
    status_ = status;
    last_reference = std::move(self_);
  }
}

}  // namespace svcup::gateway
