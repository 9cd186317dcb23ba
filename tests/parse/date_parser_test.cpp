#include "parse/date_parser.h"

#include <gtest/gtest.h>

namespace khabar::parse {
namespace {

std::string parsed(std::string_view text) {
  auto time = parse_date(text);
  return time ? format_rfc3339(*time) : "null";
}

TEST(DateParserTest, ReadsRfc822WithZoneNamesAndOffsets) {
  EXPECT_EQ(parsed("Tue, 05 Mar 2024 09:30:00 GMT"), "2024-03-05T09:30:00Z");
  EXPECT_EQ(parsed("Tue, 05 Mar 2024 12:30:00 +0300"), "2024-03-05T09:30:00Z");
  EXPECT_EQ(parsed("5 Mar 2024 04:30:00 EST"), "2024-03-05T09:30:00Z");
  EXPECT_EQ(parsed("Tue, 5 Mar 2024 12:30 MSK"), "2024-03-05T09:30:00Z");
}

TEST(DateParserTest, ReadsRfc3339AndIsoVariants) {
  EXPECT_EQ(parsed("2024-03-05T09:30:00Z"), "2024-03-05T09:30:00Z");
  EXPECT_EQ(parsed("2024-03-05T15:30:00+06:00"), "2024-03-05T09:30:00Z");
  EXPECT_EQ(parsed("2024-03-05T09:30:00.123Z"), "2024-03-05T09:30:00Z");
  EXPECT_EQ(parsed("2024-03-05 09:30:00"), "2024-03-05T09:30:00Z");
  EXPECT_EQ(parsed("2024-03-05"), "2024-03-05T00:00:00Z");
  EXPECT_EQ(parsed("20240305T093000Z"), "2024-03-05T09:30:00Z");
}

TEST(DateParserTest, ReadsRussianMonthAndWeekdayNames) {
  EXPECT_EQ(parsed("Вт, 05 мар 2024 12:30:00 +0300"), "2024-03-05T09:30:00Z");
  EXPECT_EQ(parsed("5 марта 2024 12:30 +0300"), "2024-03-05T09:30:00Z");
  EXPECT_EQ(parsed("15 мая 2024 г. 10:00"), "2024-05-15T10:00:00Z");
}

TEST(DateParserTest, ExpandsTwoDigitYears) {
  EXPECT_EQ(parsed("Sun, 01 Jan 99 00:00:00 GMT"), "1999-01-01T00:00:00Z");
  EXPECT_EQ(parsed("Mon, 01 Jan 24 00:00:00 GMT"), "2024-01-01T00:00:00Z");
}

TEST(DateParserTest, GivesNullRatherThanAGuess) {
  for (const char* bad : {"", "вчера", "sometime soon", "32 Foo 2024", "2024-02-30", "31 Apr 2024"}) {
    EXPECT_EQ(parsed(bad), "null") << bad;
  }
}

}  // namespace
}  // namespace khabar::parse
