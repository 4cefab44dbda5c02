// The calendar of the programme: ROC (Minguo) years, civil dates in Asia/Taipei, and lateness.
//
// Every deadline of the programme is a civil date in Taipei. Taiwan has kept UTC+8 without
// daylight saving since 1979, so the zone is fixed here rather than read from tzdata, which a
// minimal container image may lack.
#ifndef SVCUP_COMMON_CALENDAR_ROC_CALENDAR_H_
#define SVCUP_COMMON_CALENDAR_ROC_CALENDAR_H_

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "svcup/v1/common.pb.h"

namespace svcup {

// The offset between Gregorian and ROC years: ROC 107 is 2018.
inline constexpr int kRocYearOffset = 1911;

// Returns the ROC year of a Gregorian year (2018 -> 107).
constexpr int RocYear(int gregorian_year) { return gregorian_year - kRocYearOffset; }

// Returns the Gregorian year of an ROC year (107 -> 2018).
constexpr int GregorianYear(int roc_year) { return roc_year + kRocYearOffset; }

// The time zone of every deadline: Asia/Taipei, a fixed UTC+8.
absl::TimeZone TaipeiTimeZone();

// The civil date in Taipei at instant `t`.
absl::CivilDay TaipeiDate(absl::Time t);

// The instant a Taipei civil day starts (00:00 UTC+8).
absl::Time StartOfTaipeiDay(absl::CivilDay day);

// Whole days by which `when` (an instant) falls after the due date `due`, counted in Taipei
// civil days: 0 when on or before the due date, 1 for the day after, and so on.
int DaysLate(absl::Time when, absl::CivilDay due);

// Converts a proto date, checking that it is a real calendar date in 1912..2200.
// Returns INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<absl::CivilDay> DateFromProto(const v1::Date& date, absl::string_view field);

// The civil day of a proto date already checked (DateFromProto) when it was stored.
absl::CivilDay CivilDayOf(const v1::Date& date);

// Converts a civil day to its proto form.
v1::Date DateToProto(absl::CivilDay day);

// Whether the proto date is unset (all zero).
bool IsUnset(const v1::Date& date);

// "2018-03-31".
std::string FormatIsoDate(absl::CivilDay day);

// The ROC form used in official documents: "107年3月31日".
std::string FormatRocDate(absl::CivilDay day);

// Parses "2018-03-31"; INVALID_ARGUMENT naming `field` when malformed or not a real date.
absl::StatusOr<absl::CivilDay> ParseIsoDate(absl::string_view text, absl::string_view field);

// Converts an instant to a protobuf Timestamp (microsecond precision).
google::protobuf::Timestamp ToTimestamp(absl::Time t);

// Converts a protobuf Timestamp to an instant.
absl::Time FromTimestamp(const google::protobuf::Timestamp& t);

// Checks a Timestamp a caller sent: set, nanos in 0..999,999,999 (protobuf's rule) and the
// instant within the years the programme supports (1912..2200). INVALID_ARGUMENT naming
// `field` otherwise.
absl::Status CheckTimestamp(absl::string_view field, const google::protobuf::Timestamp& t,
                            bool present);

}  // namespace svcup

#endif  // SVCUP_COMMON_CALENDAR_ROC_CALENDAR_H_
