#include "service/schedule.h"

#include <gtest/gtest.h>

namespace khabar::service {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr UnixTime kNow = 1764028800;  // 2025-11-25T00:00:00Z
const ScheduleLimits kLimits{};

seconds delay(const PollObservation& seen, seconds interval = minutes(15)) {
  return next_poll_delay(interval, seen, kLimits, kNow, 0.5);  // 0.5: no jitter
}

TEST(ScheduleTest, AHealthyFeedWithoutHistoryKeepsItsInterval) { EXPECT_EQ(delay({}), minutes(15)); }

TEST(ScheduleTest, FollowsThePublishingRhythmWithinBounds) {
  PollObservation busy;
  for (int i = 0; i < 10; ++i) busy.item_times.push_back(kNow - i * 20 * 60);  // every 20 minutes
  EXPECT_EQ(delay(busy), minutes(10));
  PollObservation slow;
  for (int i = 0; i < 10; ++i) slow.item_times.push_back(kNow - i * 2 * 86400);  // every two days
  EXPECT_EQ(delay(slow), hours(6));                                              // max_interval
  PollObservation frantic;
  for (int i = 0; i < 10; ++i) frantic.item_times.push_back(kNow - i * 60);
  EXPECT_EQ(delay(frantic), minutes(5));  // min_interval
}

TEST(ScheduleTest, CachingHintsOnlyLengthen) {
  PollObservation seen;
  seen.max_age = hours(1);
  EXPECT_EQ(delay(seen), hours(1));
  seen.max_age = seconds(30);
  seen.ttl = minutes(60);
  EXPECT_EQ(delay(seen), minutes(60));
}

TEST(ScheduleTest, FailuresBackOffExponentiallyToACap) {
  PollObservation seen;
  seen.failed = true;
  seen.consecutive_errors = 1;
  EXPECT_EQ(delay(seen), minutes(15));
  seen.consecutive_errors = 3;
  EXPECT_EQ(delay(seen), minutes(60));
  seen.consecutive_errors = 50;
  EXPECT_EQ(delay(seen), hours(6));  // never dropped: retried at the cap
}

TEST(ScheduleTest, RetryAfterIsHonoured) {
  PollObservation seen;
  seen.failed = true;
  seen.consecutive_errors = 1;
  seen.retry_after = hours(2);
  EXPECT_EQ(delay(seen), hours(2));
}

TEST(ScheduleTest, SkipHoursMoveThePollPastThem) {
  PollObservation seen;
  seen.skip_hours = {0, 1, 2};
  EXPECT_EQ(delay(seen), hours(3));  // now is 00:00 UTC; 00:15 falls in the skipped hours
}

TEST(ScheduleTest, JitterSpreadsByTenPercent) {
  EXPECT_EQ(next_poll_delay(minutes(10), {}, kLimits, kNow, 0.0), minutes(9));
  EXPECT_EQ(next_poll_delay(minutes(10), {}, kLimits, kNow, 0.999), seconds(660));
}

TEST(ScheduleTest, QuietFeedsAreFlagged) {
  std::vector<UnixTime> daily;
  for (int i = 0; i < 10; ++i) daily.push_back(kNow - 20 * 86400 - i * 86400);
  EXPECT_TRUE(is_unusually_quiet(daily, kNow));
  EXPECT_FALSE(is_unusually_quiet(daily, kNow - 18 * 86400));
}

TEST(ScheduleTest, ReadsRetryAfterAndMaxAge) {
  EXPECT_EQ(parse_retry_after("120", kNow), seconds(120));
  EXPECT_EQ(parse_retry_after("Tue, 25 Nov 2025 01:00:00 GMT", kNow), hours(1));
  EXPECT_FALSE(parse_retry_after("soon", kNow));
  EXPECT_EQ(parse_max_age("public, max-age=600, must-revalidate"), minutes(10));
  EXPECT_FALSE(parse_max_age("no-cache"));
}

}  // namespace
}  // namespace khabar::service
