#include "util/duration.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

using std::chrono::seconds;

TEST(DurationTest, ReadsTheUnitsUsersWrite) {
  EXPECT_EQ(parse_duration("90s"), seconds(90));
  EXPECT_EQ(parse_duration("15m"), seconds(900));
  EXPECT_EQ(parse_duration("2h"), seconds(7200));
  EXPECT_EQ(parse_duration("1d"), seconds(86400));
  EXPECT_EQ(parse_duration("1h30m"), seconds(5400));
  EXPECT_EQ(parse_duration("45"), seconds(45));
}

TEST(DurationTest, RejectsWhatIsNotADuration) {
  for (const char* bad : {"", "0s", "15x", "m", "-5m", "1.5h", "15 m", "1h30", "9999999999s"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
  }
}

TEST(DurationTest, FormatsAsItParses) {
  EXPECT_EQ(format_duration(seconds(5400)), "1h30m");
  EXPECT_EQ(format_duration(seconds(90)), "1m30s");
}

}  // namespace
}  // namespace khabar
