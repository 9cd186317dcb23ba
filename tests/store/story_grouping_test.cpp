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

// An announcement's reports meet through a kind of event they share only
// while at most 200 recent items near the event tell it; past that the kind
// is the news of those days. `in_window` items tell "summons" within the two
// days around the event (the first report among them), and 100 more just
// outside, on the same edge days, which must not count.
StoryIndex announcement_index(int in_window) {
  StoryIndex index;
  const UnixTime window = 2 * 86400;
  auto keys = [](std::vector<std::string> kinds, std::string name) {
    StoryKeys k;
    k.names = {std::move(name)};
    k.kinds = std::move(kinds);
    k.countries = {"KG"};
    return k;
  };
  index.add(1, 1, kNow - 3600, keys({"recruit", "summons"}, "alpha"), kNow);
  for (std::int64_t i = 1; i < in_window; ++i) {
    const UnixTime time = i % 2 ? kNow - window + i * 60 : kNow + window - i * 60;
    index.add(1000 + i, 1000 + i,
              i == 1   ? kNow - window
              : i == 2 ? kNow + window
                       : time,
              keys({"summons"}, "alpha"), kNow);
  }
  for (std::int64_t i = 0; i < 100; ++i) {
    index.add(2000 + i, 2000 + i, i % 2 ? kNow - window - 1 - i : kNow + window + 1 + i, keys({"summons"}, "alpha"),
              kNow);
  }
  // "recruit" is told more often overall (long ago): the lookup walks "summons".
  for (std::int64_t i = 0; i < 400; ++i) {
    index.add(3000 + i, 3000 + i, kNow - 30 * 86400, keys({"recruit"}, "beta" + std::to_string(i)), kNow);
  }
  return index;
}

TEST(StoryIndexTest, AnnouncementReportsMeetWhileTheirKindIsNotTheNewsOfTheDays) {
  StoryKeys report;
  report.names = {"alpha"};
  report.kinds = {"recruit", "summons"};
  report.countries = {"KG"};
  EXPECT_EQ(announcement_index(200).story_for(report, kNow), 1);
  EXPECT_EQ(announcement_index(201).story_for(report, kNow), std::nullopt);
}

// The index keeps each name once, by number, and gives a forgotten name's
// number to the next new name: a report naming the forgotten one must meet
// nothing, not the report that took its number.
TEST(StoryIndexTest, AForgottenReportsNamesMeetNoLaterReport) {
  StoryIndex index;
  index.add(1, 1, kNow, keys_named({"sarifu", "#338"}), kNow);
  index.forget_before(kNow + 1);
  // 5,001 later reports: the first one's names leave the rarity count too.
  for (std::int64_t item = 2; item <= 5002; ++item) {
    index.add(item, item, kNow + 10, keys_named({"own" + std::to_string(item)}), kNow + 10);
  }
  index.add(6000, 6000, kNow + 10, keys_named({"fresh", "#512"}), kNow + 10);
  EXPECT_EQ(index.story_for(keys_named({"sarifu", "#338"}), kNow + 20), std::nullopt);
  EXPECT_EQ(index.story_for(keys_named({"fresh", "#512"}), kNow + 20), 6000);
  EXPECT_EQ(index.story_for(keys_named({"own4000"}), kNow + 20), 4000);
}

}  // namespace
}  // namespace khabar::store
