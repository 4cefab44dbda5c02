#include "common/calendar/roc_calendar.h"

#include <gtest/gtest.h>

namespace svcup {
namespace {

TEST(RocCalendar, ConvertsBetweenRocAndGregorianYears) {
  EXPECT_EQ(RocYear(2018), 107);
  EXPECT_EQ(GregorianYear(108), 2019);
}

TEST(RocCalendar, FormatsOfficialRocDates) {
  EXPECT_EQ(FormatRocDate(absl::CivilDay(2018, 3, 31)), "107年3月31日");
  EXPECT_EQ(FormatIsoDate(absl::CivilDay(2019, 1, 20)), "2019-01-20");
}

TEST(RocCalendar, TaipeiDateIsUtcPlusEight) {
  // 2018-03-31 16:30 UTC is already 2018-04-01 00:30 in Taipei.
  const absl::Time t = absl::FromCivil(absl::CivilSecond(2018, 3, 31, 16, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(TaipeiDate(t), absl::CivilDay(2018, 4, 1));
  EXPECT_EQ(StartOfTaipeiDay(absl::CivilDay(2018, 4, 1)),
            absl::FromCivil(absl::CivilSecond(2018, 3, 31, 16, 0, 0), absl::UTCTimeZone()));
}

TEST(RocCalendar, DaysLateCountsTaipeiCivilDaysAfterTheDueDate) {
  const absl::CivilDay due(2018, 3, 31);
  EXPECT_EQ(DaysLate(StartOfTaipeiDay(due) + absl::Hours(23) + absl::Minutes(59), due), 0);
  EXPECT_EQ(DaysLate(StartOfTaipeiDay(due) - absl::Hours(48), due), 0);
  EXPECT_EQ(DaysLate(StartOfTaipeiDay(due + 1), due), 1);
  EXPECT_EQ(DaysLate(StartOfTaipeiDay(absl::CivilDay(2018, 4, 10)) + absl::Hours(9), due), 10);
}

TEST(RocCalendar, RejectsDatesThatDoNotExist) {
  v1::Date feb30;
  feb30.set_year(2018);
  feb30.set_month(2);
  feb30.set_day(30);
  const auto parsed = DateFromProto(feb30, "deadline");
  ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().message(),
            "deadline: 2018-02-30 is not a calendar date (expected a real date in 1912..2200)");
  v1::Date ok = DateToProto(absl::CivilDay(2020, 2, 29));
  EXPECT_EQ(*DateFromProto(ok, "d"), absl::CivilDay(2020, 2, 29));
}

TEST(RocCalendar, ParsesIsoDatesStrictly) {
  EXPECT_EQ(*ParseIsoDate("2018-07-31", "due"), absl::CivilDay(2018, 7, 31));
  EXPECT_EQ(ParseIsoDate("2018-7-31", "due").status().message(),
            "due: \"2018-7-31\" is not a date of the form YYYY-MM-DD");
  EXPECT_EQ(ParseIsoDate("2018-06-31", "due").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace svcup
