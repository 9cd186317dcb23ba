#include "store/recent_signatures.h"

#include <gtest/gtest.h>

#include <bit>
#include <random>
#include <vector>

namespace khabar::store {
namespace {

TEST(RecentSignaturesTest, FindsTheNearestStoryWithinTheDistance) {
  RecentSignatures recent;
  recent.add(1, 0xFF00FF00FF00FF00ull, 100);
  recent.add(2, 0x0000000000000000ull, 100);
  recent.add(3, 0xFF00FF00FF00FF0Full, 100);                       // 4 bits from story 1
  EXPECT_EQ(recent.nearest(0xFF00FF00FF00FF0Eull), 3);             // 1 bit from 3, 3 from 1
  EXPECT_EQ(recent.nearest(0x0000000000000003ull), 2);             // 2 bits
  EXPECT_EQ(recent.nearest(0x00000000000007FFull), std::nullopt);  // 11 bits: beyond kStoryDistance
  EXPECT_EQ(recent.nearest(0x00000000000003FFull), 2);             // 10 bits: within
  EXPECT_EQ(recent.nearest(0x0000000000000003ull, 1), std::nullopt);
}

TEST(RecentSignaturesTest, AmongEquallyNearStoriesTheOldestWins) {
  RecentSignatures recent;
  recent.add(7, 0b0011, 100);
  recent.add(8, 0b1100, 200);
  EXPECT_EQ(recent.nearest(0b0000), 7);  // both 2 bits away
}

TEST(RecentSignaturesTest, ForgetsStoriesFirstSeenBeforeTheWindowAcrossCompactions) {
  RecentSignatures recent;
  for (std::int64_t i = 0; i < 20000; ++i) recent.add(i, static_cast<std::uint64_t>(i) << 20, i);
  recent.forget_before(15000);
  EXPECT_EQ(recent.size(), 5000u);
  EXPECT_EQ(recent.nearest(std::uint64_t{14999} << 20, 0), std::nullopt);  // forgotten
  EXPECT_EQ(recent.nearest(std::uint64_t{15000} << 20, 0), 15000);
  recent.add(20000, 0xABCDEF, 20000);
  recent.forget_before(19999);
  EXPECT_EQ(recent.size(), 2u);
  EXPECT_EQ(recent.nearest(0xABCDEF, 0), 20000);
  EXPECT_EQ(recent.nearest(std::uint64_t{19999} << 20, 0), 19999);
}

TEST(RecentSignaturesTest, AgreesWithABruteForceScanOverAWindowOfThousands) {
  // The scan takes four signatures at a time where the CPU allows: a count
  // that is no multiple of 4, and targets built near stored signatures, so
  // hits land in every lane and in the tail.
  std::mt19937_64 rng(20261206);
  RecentSignatures recent;
  std::vector<std::uint64_t> stored;
  for (std::int64_t i = 0; i < 1003; ++i) {
    stored.push_back(rng());
    recent.add(i, stored.back(), 100);
  }
  for (int trial = 0; trial < 300; ++trial) {
    auto target = stored[rng() % stored.size()];
    for (int flips = static_cast<int>(rng() % 14); flips > 0; --flips) target ^= std::uint64_t{1} << (rng() % 64);
    std::optional<std::int64_t> expected;
    int best = kStoryDistance + 1;
    for (size_t i = 0; i < stored.size(); ++i) {
      const int distance = std::popcount(stored[i] ^ target);
      if (distance < best) best = distance, expected = static_cast<std::int64_t>(i);
    }
    EXPECT_EQ(recent.nearest(target), expected) << "trial " << trial;
  }
}

TEST(RecentSignaturesTest, ANearCopyIsLookedForAmongStoriesOfTheSameDays) {
  constexpr UnixTime kDay = 86400;
  RecentSignatures recent;
  recent.add(1, 0xF0F0, 1000 * kDay, 100 * kDay);            // reported on day 100
  recent.add(2, 0xF0F1, 1000 * kDay, 200 * kDay + 5);        // day 200, 1 bit from story 1
  recent.add(3, 0xF0F0, 1000 * kDay + 1, 100 * kDay + 400);  // day 100 again, the same signature as 1
  // Within three days of day 200, story 2 is the only candidate; story 1 is
  // nearer (0 bits) but a hundred days away.
  EXPECT_EQ(recent.nearest_around(0xF0F0, 201 * kDay, 3 * kDay), 2);
  EXPECT_EQ(recent.nearest_around(0xF0F0, 100 * kDay + 10, 3 * kDay), 1);  // 1 and 3 tie: the older
  EXPECT_EQ(recent.nearest_around(0xF0F0, 150 * kDay, 3 * kDay), std::nullopt);
  // The window's edge is exact, not rounded to days.
  EXPECT_EQ(recent.nearest_around(0xF0F1, 203 * kDay + 5, 3 * kDay), 2);
  EXPECT_EQ(recent.nearest_around(0xF0F1, 203 * kDay + 6, 3 * kDay), std::nullopt);
  EXPECT_EQ(recent.nearest(0xF0F0), 1);   // without a window: every story
  recent.forget_before(1000 * kDay + 1);  // stories 1 and 2 arrived earlier
  EXPECT_EQ(recent.size(), 1u);
  EXPECT_EQ(recent.nearest_around(0xF0F0, 100 * kDay + 10, 3 * kDay), 3);
  EXPECT_EQ(recent.nearest_around(0xF0F1, 201 * kDay, 3 * kDay), std::nullopt);
}

TEST(RecentSignaturesTest, AroundAnEventAgreesWithABruteForceScan) {
  constexpr UnixTime kDay = 86400, kWindow = 3 * kDay;
  std::mt19937_64 rng(20261207);
  RecentSignatures recent;
  std::vector<std::uint64_t> stored;
  std::vector<UnixTime> events;
  for (std::int64_t i = 0; i < 3000; ++i) {
    stored.push_back(rng() & 0xFFFF);  // few bits: many near and equally near stories
    events.push_back(static_cast<UnixTime>(rng() % (40 * kDay)));
    recent.add(i, stored.back(), 0, events.back());
  }
  for (int trial = 0; trial < 400; ++trial) {
    const auto target = rng() & 0xFFFF;
    const auto when = static_cast<UnixTime>(rng() % (40 * kDay));
    std::optional<std::int64_t> expected;
    int best = kStoryDistance + 1;
    for (size_t i = 0; i < stored.size(); ++i) {
      if (events[i] < when - kWindow || events[i] > when + kWindow) continue;
      const int distance = std::popcount(stored[i] ^ target);
      if (distance < best) best = distance, expected = static_cast<std::int64_t>(i);
    }
    EXPECT_EQ(recent.nearest_around(target, when, kWindow), expected) << "trial " << trial;
  }
}

}  // namespace
}  // namespace khabar::store
