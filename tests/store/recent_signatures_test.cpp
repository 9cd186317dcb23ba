#include "store/recent_signatures.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace khabar::store
