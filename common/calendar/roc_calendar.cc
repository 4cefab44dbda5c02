#include "common/calendar/roc_calendar.h"

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/api/validation.h"

namespace svcup {
namespace {

absl::Status NotADate(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": ", what, " is not a calendar date (expected a real date in ",
                   kMinYear, "..", kMaxYear, ")"));
}

}  // namespace

absl::TimeZone TaipeiTimeZone() {
  static const absl::TimeZone zone = absl::FixedTimeZone(8 * 60 * 60);
  return zone;
}

absl::CivilDay TaipeiDate(absl::Time t) { return absl::ToCivilDay(t, TaipeiTimeZone()); }

absl::Time StartOfTaipeiDay(absl::CivilDay day) {
  return absl::FromCivil(absl::CivilSecond(day), TaipeiTimeZone());
}

int DaysLate(absl::Time when, absl::CivilDay due) {
  const auto late = TaipeiDate(when) - due;
  return late > 0 ? static_cast<int>(late) : 0;
}

absl::StatusOr<absl::CivilDay> DateFromProto(const v1::Date& date, absl::string_view field) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  // CivilDay normalises out-of-range parts (Feb 30 -> Mar 2): a round trip catches them.
  if (date.year() < kMinYear || date.year() > kMaxYear || day.year() != date.year() ||
      day.month() != date.month() || day.day() != date.day()) {
    return NotADate(field, absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(),
                                           date.day()));
  }
  return day;
}

absl::CivilDay CivilDayOf(const v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

v1::Date DateToProto(absl::CivilDay day) {
  v1::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

bool IsUnset(const v1::Date& date) {
  return date.year() == 0 && date.month() == 0 && date.day() == 0;
}

std::string FormatIsoDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::string FormatRocDate(absl::CivilDay day) {
  return absl::StrFormat("%d年%d月%d日", RocYear(static_cast<int>(day.year())), day.month(),
                         day.day());
}

absl::StatusOr<absl::CivilDay> ParseIsoDate(absl::string_view text, absl::string_view field) {
  const std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  int year = 0, month = 0, day = 0;
  if (parts.size() != 3 || parts[0].size() != 4 || parts[1].size() != 2 ||
      parts[2].size() != 2 || !absl::SimpleAtoi(parts[0], &year) ||
      !absl::SimpleAtoi(parts[1], &month) || !absl::SimpleAtoi(parts[2], &day)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", Quote(text), " is not a date of the form YYYY-MM-DD"));
  }
  v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return DateFromProto(date, field);
}

google::protobuf::Timestamp ToTimestamp(absl::Time t) {
  const int64_t micros = absl::ToUnixMicros(t);
  google::protobuf::Timestamp ts;
  ts.set_seconds(micros >= 0 ? micros / 1000000 : (micros - 999999) / 1000000);
  ts.set_nanos(static_cast<int>((micros - ts.seconds() * 1000000) * 1000));
  return ts;
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

absl::Status CheckTimestamp(absl::string_view field, const google::protobuf::Timestamp& t,
                            bool present) {
  if (!present) return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  if (t.nanos() < 0 || t.nanos() > 999999999) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".nanos: must be 0..999999999, got ", t.nanos()));
  }
  const absl::Time earliest = absl::FromCivil(absl::CivilSecond(kMinYear, 1, 1), absl::UTCTimeZone());
  const absl::Time latest = absl::FromCivil(absl::CivilSecond(kMaxYear + 1, 1, 1), absl::UTCTimeZone());
  if (absl::FromUnixSeconds(t.seconds()) < earliest || absl::FromUnixSeconds(t.seconds()) >= latest) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".seconds: must fall in the years ",
                                                   kMinYear, "..", kMaxYear, ", got ",
                                                   t.seconds()));
  }
  return absl::OkStatus();
}

}  // namespace svcup
