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

TEST(DateParserTest, ReadsReducedAndOrdinalIso8601Dates) {
  EXPECT_EQ(parsed("2003"), "2003-01-01T00:00:00Z");
  EXPECT_EQ(parsed("2003-12"), "2003-12-01T00:00:00Z");
  EXPECT_EQ(parsed("-0312"), "2003-12-01T00:00:00Z");
  EXPECT_EQ(parsed("-03-12"), "2003-12-01T00:00:00Z");
  EXPECT_EQ(parsed("031231"), "2003-12-31T00:00:00Z");
  EXPECT_EQ(parsed("03-12-31"), "2003-12-31T00:00:00Z");
  EXPECT_EQ(parsed("03335"), "2003-12-01T00:00:00Z");
  EXPECT_EQ(parsed("2024-066"), "2024-03-06T00:00:00Z");  // a leap year
  EXPECT_EQ(parsed("2003-012-31T10:14:55+00:00"), "2003-12-31T10:14:55Z");
  EXPECT_EQ(parsed("2004-07-08 23:56:58 -00:20"), "2004-07-09T00:16:58Z");
}

TEST(DateParserTest, ReadsMoreZoneNames) {
  EXPECT_EQ(parsed("Thu, 30 Apr 2015 08:57:00 MET"), "2015-04-30T07:57:00Z");
  EXPECT_EQ(parsed("Thu, 30 Apr 2015 08:57:00 MEST"), "2015-04-30T06:57:00Z");
  EXPECT_EQ(parsed("Wed, 19 Aug 2009 18:28:00 Etc/GMT"), "2009-08-19T18:28:00Z");
  EXPECT_EQ(parsed("Mon, 26 January 2004 16:31:00 PT"), "2004-01-27T00:31:00Z");
  EXPECT_EQ(parsed("Mon, 26 January 2004 16:31:00 AT"), "2004-01-26T20:31:00Z");
  EXPECT_EQ(parsed("5 March 2024 at 10:00"), "2024-03-05T10:00:00Z");  // "at" before the time is a word
}

TEST(DateParserTest, ReadsGreekHungarianAndKoreanDates) {
  EXPECT_EQ(parsed("Κυρ, 11 Ιούλ 2004 12:00:00 EST"), "2004-07-11T17:00:00Z");
  EXPECT_EQ(parsed("2004-július-13T9:15-05:00"), "2004-07-13T14:15:00Z");
  EXPECT_EQ(parsed("2004-05-25 오후 11:23:17"), "2004-05-25T14:23:17Z");  // Korea time
  EXPECT_EQ(parsed("2004년 05월 28일  01:31:15"), "2004-05-27T16:31:15Z");
}

TEST(DateParserTest, ReadsYearFirstSlashedDates) {
  EXPECT_EQ(parsed("Fri, 2006/09/15 08:19:53 EDT"), "2006-09-15T12:19:53Z");
}

TEST(DateParserTest, ReadsYearsBefore1900AndRefusesYear10000) {
  EXPECT_EQ(parsed("Thu, 01 Jan 0100 00:00:01 +0100"), "0099-12-31T23:00:01Z");
  EXPECT_EQ(parsed("Sun, 31 Dec 9999 23:59:59 -9999"), "null");
  EXPECT_EQ(parsed("9999-12-31T23:59:59-99:99"), "null");
  EXPECT_EQ(parsed("2013-01-27-01"), "null");  // a zone without a time
}

TEST(DateParserTest, GivesNullRatherThanAGuess) {
  for (const char* bad : {"", "вчера", "sometime soon", "32 Foo 2024", "2024-02-30", "31 Apr 2024"}) {
    EXPECT_EQ(parsed(bad), "null") << bad;
  }
}

}  // namespace
}  // namespace khabar::parse
