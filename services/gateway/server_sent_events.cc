#include "services/gateway/server_sent_events.h"

#include "absl/strings/str_cat.h"
#include "services/gateway/connect_errors.h"

namespace svcup::gateway {

ServerSentEvents::ServerSentEvents(const RpcRoute& route, std::shared_ptr<BackendStream> call,
                                   std::optional<std::string> first, absl::Duration keepalive,
                                   std::function<void()> on_end)
    : route_(route),
      call_(std::move(call)),
      first_(std::move(first)),
      keepalive_(keepalive),
      on_end_(std::move(on_end)) {}

ServerSentEvents::~ServerSentEvents() {
  call_->Cancel();
  if (on_end_) on_end_();
}

std::string ServerSentEvents::EventOf(const RpcRoute& route, const std::string& message) {
  int64_t sequence = -1;
  auto json = RpcCatalog::ResponseToJson(route, message, &sequence);
  if (!json.ok()) {
    return absl::StrCat("event: error\ndata: ",
                        ConnectErrorJson(grpc::Status(grpc::StatusCode::INTERNAL,
                                                      std::string(json.status().message()))),
                        "\n\n");
  }
  return absl::StrCat(sequence >= 0 ? absl::StrCat("id: ", sequence, "\n") : "", "data: ", *json,
                      "\n\n");
}

std::optional<std::string> ServerSentEvents::Next() {
  if (ended_ || cancelled_) return std::nullopt;
  if (!started_) {
    started_ = true;
    // How long an EventSource waits before it reconnects (with Last-Event-ID).
    return std::string("retry: 3000\n\n");
  }
  if (first_.has_value()) {
    std::string event = EventOf(route_, *first_);
    first_.reset();
    return event;
  }
  std::string message;
  grpc::Status status;
  switch (call_->Next(keepalive_, &message, &status)) {
    case BackendStream::Read::kMessage:
      return EventOf(route_, message);
    case BackendStream::Read::kQuiet:
      if (cancelled_) return std::nullopt;
      return std::string(": keep-alive\n\n");
    case BackendStream::Read::kEnded:
      ended_ = true;
      if (status.ok() || cancelled_) return std::nullopt;
      return absl::StrCat("event: error\ndata: ", ConnectErrorJson(status), "\n\n");
  }
  return std::nullopt;
}

void ServerSentEvents::Cancel() {
  cancelled_ = true;
  call_->Cancel();
}

}  // namespace svcup::gateway
