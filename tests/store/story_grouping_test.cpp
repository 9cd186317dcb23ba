#include "store/story_grouping.h"

#include <gtest/gtest.h>

#include <string>

namespace khabar::store {
namespace {

constexpr UnixTime kNow = 1'780'000'000;

StoryKeys keys_named(std::vector<std::string> names) {
  StoryKeys keys;
  keys.names = std::move(names);
  keys.kinds = {"death"};
  keys.countries = {"KG"};
  return keys;
}

// 5,000 recent reports, one in 30 of them naming the day's topics ("Россия",
// "Путин", "Украина"), each with a name of its own.
StoryIndex busy_index() {
  StoryIndex index;
  for (std::int64_t item = 1; item <= 5000; ++item) {
    std::vector<std::string> names = {"own" + std::to_string(item)};
    if (item % 30 == 0) names.insert(names.end(), {"rossia", "putin", "ukraina"});
    index.add(item, item, kNow, keys_named(names), kNow);
  }
  return index;
}

TEST(StoryIndexTest, ReportsSharingOnlyTheDaysTopicsAreNotOneEvent) {
  const auto index = busy_index();
  // Three names each in 166 of the last 5,000 reports: topics, not an event.
  EXPECT_EQ(index.story_for(keys_named({"rossia", "putin", "ukraina", "newname"}), kNow), std::nullopt);
}

TEST(StoryIndexTest, AReportSharingRareNamesJoinsItsEventAmongTheTopics) {
  const auto index = busy_index();
  // "own90" names one earlier report: with two of its topics, the same event.
  EXPECT_EQ(index.story_for(keys_named({"rossia", "own90", "putin"}), kNow + 3600), 90);
}

TEST(StoryIndexTest, ReportsDaysApartAreNotOneEvent) {
  const auto index = busy_index();
  EXPECT_EQ(index.story_for(keys_named({"own90", "own120"}), kNow + 6 * 86400), std::nullopt);
  EXPECT_EQ(index.story_for(keys_named({"own90", "own120"}), kNow - 86400), 90);
}

}  // namespace
}  // namespace khabar::store
