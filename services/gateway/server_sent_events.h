// A server-streaming RPC as Server-Sent Events (text/event-stream): each message one event whose
// data is the message's JSON and whose id is its "sequence" field when it has one (so a client
// resumes with Last-Event-ID), a comment line whenever the stream has been quiet for a while (so
// the connection is not idle and a gone client is noticed), and an "error" event with the Connect
// error JSON when the call ends with one.
#ifndef SVCUP_SERVICES_GATEWAY_SERVER_SENT_EVENTS_H_
#define SVCUP_SERVICES_GATEWAY_SERVER_SENT_EVENTS_H_

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "services/gateway/backend_stream.h"
#include "services/gateway/http_message.h"
#include "services/gateway/rpc_catalog.h"

namespace svcup::gateway {

// The events of one streaming call.
class ServerSentEvents final : public ResponseStream {
 public:
  // Sends the messages of `call` (an RPC of `route`), a comment after each `keepalive` of quiet;
  // `first` (if set) is a message already read. `on_end` runs when the object is destroyed.
  ServerSentEvents(const RpcRoute& route, std::shared_ptr<BackendStream> call,
                   std::optional<std::string> first, absl::Duration keepalive,
                   std::function<void()> on_end);
  ~ServerSentEvents() override;

  std::optional<std::string> Next() override;
  void Cancel() override;

  // The event of one binary message of `route`: "id: <sequence>\ndata: <json>\n\n".
  static std::string EventOf(const RpcRoute& route, const std::string& message);

 private:
  const RpcRoute& route_;
  const std::shared_ptr<BackendStream> call_;
  std::optional<std::string> first_;
  const absl::Duration keepalive_;
  const std::function<void()> on_end_;
  bool started_ = false;
  bool ended_ = false;
  std::atomic<bool> cancelled_{false};
};

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_SERVER_SENT_EVENTS_H_
