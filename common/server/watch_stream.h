// The loop of a resumable watch stream (WatchReportEvents, WatchReminders): send everything
// after the client's sequence in batches, then wait for the log to grow, until the client goes
// away or the service drains. A client that reconnects with the last sequence it saw misses
// nothing and sees nothing twice.
#ifndef SVCUP_COMMON_SERVER_WATCH_STREAM_H_
#define SVCUP_COMMON_SERVER_WATCH_STREAM_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/sync_stream.h>

#include <cstdint>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/server/event_notifier.h"
#include "common/status/grpc_status.h"

namespace svcup {

// How many watch streams a service keeps and how often each checks its client.
struct WatchLimits {
  absl::Duration poll = absl::Seconds(1);
  int max_streams = 64;
};

// Serves a watch from `after`: `fetch(after, limit)` returns up to `limit` entries after a
// sequence, each with a sequence() accessor. RESOURCE_EXHAUSTED when `limits.max_streams` are
// open; UNAVAILABLE (naming the sequence to resume from) when the service drains.
template <typename Entry, typename Fetch>
grpc::Status ServeWatch(grpc::ServerContext* context, grpc::ServerWriter<Entry>* writer,
                        EventNotifier& events, const WatchLimits& limits, int64_t after,
                        Fetch fetch) {
  constexpr int kBatch = 100;
  if (events.OpenStreams() >= limits.max_streams) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat(limits.max_streams,
                                     " watch streams are open, the most this server keeps; "
                                     "retry later with after_sequence=",
                                     after));
  }
  const int64_t stream = events.StreamOpened(absl::Now());
  absl::Cleanup closed = [&] { events.StreamClosed(stream); };
  while (!context->IsCancelled()) {
    // Read the generation first: a commit after the query moves it, so no wake-up is missed.
    const uint64_t generation = events.generation();
    absl::StatusOr<std::vector<Entry>> entries = fetch(after, kBatch);
    if (!entries.ok()) return ToGrpcStatus(entries.status());
    for (const Entry& entry : *entries) {
      if (!writer->Write(entry)) {
        return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
      }
      after = entry.sequence();
    }
    if (static_cast<int>(entries->size()) == kBatch) continue;
    events.CaughtUp(stream, absl::Now());
    if (!events.WaitForChange(generation, limits.poll)) {
      return grpc::Status(
          grpc::StatusCode::UNAVAILABLE,
          absl::StrCat("the service is shutting down; reconnect with after_sequence=", after));
    }
  }
  return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
}

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_WATCH_STREAM_H_
