#include "common/server/drain_gate.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace svcup {

bool DrainGate::Arrive() {
  last_arrival_ns_ = absl::ToUnixNanos(absl::Now());
  return closed_;
}

void DrainGate::WaitForQuiet(absl::Duration quiet, absl::Time deadline) const {
  for (;;) {
    const absl::Time now = absl::Now();
    const absl::Time quiet_from = absl::FromUnixNanos(last_arrival_ns_) + quiet;
    if (now >= quiet_from || now >= deadline) return;
    absl::SleepFor(std::min(quiet_from, deadline) - now);
  }
}

}  // namespace svcup
