// The client side of a resumable watch stream (report watch, reminder watch): print each entry,
// stop after --limit entries, or when caught up (no entry for 2 s) unless --follow, and say
// which sequence to resume after.
#ifndef SVCUP_TOOLS_SVCUP_WATCH_COMMAND_H_
#define SVCUP_TOOLS_SVCUP_WATCH_COMMAND_H_

#include <chrono>
#include <functional>
#include <iostream>
#include <memory>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "tools/svcup/cli.h"

ABSL_DECLARE_FLAG(int64_t, after);
ABSL_DECLARE_FLAG(int, limit);
ABSL_DECLARE_FLAG(bool, follow);

namespace svcup::cli {

// Runs a watch: `open(context)` starts the stream; `print(entry)` shows one entry (JSON with
// --json). Returns the exit code.
template <typename Entry>
int RunWatch(
    const std::function<std::unique_ptr<grpc::ClientReader<Entry>>(grpc::ClientContext&)>& open,
    const std::function<void(const Entry&)>& print) {
  const int limit = absl::GetFlag(FLAGS_limit);
  const bool follow = absl::GetFlag(FLAGS_follow);
  int seen = 0;
  int64_t last = absl::GetFlag(FLAGS_after);
  auto status = Call(
      [&](grpc::ClientContext& c) {
        if (!follow) c.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
        auto reader = open(c);
        Entry entry;
        while (reader->Read(&entry)) {
          last = entry.sequence();
          if (JsonOutput()) {
            PrintJson(entry);
          } else {
            print(entry);
          }
          if (limit > 0 && ++seen >= limit) {
            c.TryCancel();
            break;
          }
        }
        grpc::Status finished = reader->Finish();
        const bool normal_end =
            finished.error_code() == grpc::StatusCode::CANCELLED ||
            (!follow && finished.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED);
        return normal_end ? grpc::Status::OK : finished;
      },
      /*idempotent=*/false);
  if (!status.ok()) return ExitCodeOf(status);
  if (!JsonOutput()) std::cerr << "resume with --after=" << last << "\n";
  return kOk;
}

}  // namespace svcup::cli

#endif  // SVCUP_TOOLS_SVCUP_WATCH_COMMAND_H_
