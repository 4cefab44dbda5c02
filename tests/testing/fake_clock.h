// A clock tests set and advance by hand.
#ifndef SVCUP_TESTS_TESTING_FAKE_CLOCK_H_
#define SVCUP_TESTS_TESTING_FAKE_CLOCK_H_

#include "absl/synchronization/mutex.h"
#include "common/api/clock.h"
#include "common/calendar/roc_calendar.h"

namespace svcup::testing {

// A Clock that stands still until told otherwise. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time now) : now_(now) {}

  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  // Moves the clock to `now`.
  void Set(absl::Time now) {
    absl::MutexLock lock(&mu_);
    now_ = now;
  }
  // Moves the clock to 10:00 on a Taipei civil day.
  void SetTaipeiDay(absl::CivilDay day) { Set(StartOfTaipeiDay(day) + absl::Hours(10)); }
  // Moves the clock forward.
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    now_ += d;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_;
};

}  // namespace svcup::testing

#endif  // SVCUP_TESTS_TESTING_FAKE_CLOCK_H_
