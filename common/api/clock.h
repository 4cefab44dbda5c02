// Where services read the time. Injected, so tests can set it and a demo can replay a past year.
#ifndef SVCUP_COMMON_API_CLOCK_H_
#define SVCUP_COMMON_API_CLOCK_H_

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace svcup {

// A source of the current instant.
class Clock {
 public:
  virtual ~Clock() = default;
  // The current instant.
  virtual absl::Time Now() const = 0;
};

// The machine's real-time clock.
class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

// A clock that starts at a chosen instant and then runs at real speed: used by the demo to
// replay the 2018 cycle (`--clock_start`). Never the default.
class ShiftedClock final : public Clock {
 public:
  explicit ShiftedClock(absl::Time start) : offset_(start - absl::Now()) {}
  absl::Time Now() const override { return absl::Now() + offset_; }

 private:
  const absl::Duration offset_;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_API_CLOCK_H_
