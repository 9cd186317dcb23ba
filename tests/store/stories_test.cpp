#include "store/stories.h"

#include <gtest/gtest.h>

#include "store/archive.h"

namespace khabar::store {
namespace {

constexpr UnixTime kNow = 1764065700;

class StoriesTest : public ::testing::Test {
 protected:
  void SetUp() override { archive_.emplace(std::move(*Archive::open(":memory:"))); }

  // Stores an item and returns its id.
  std::int64_t add(const std::string& feed, const std::string& guid, const std::string& title, StoryKeys keys,
                   UnixTime when) {
    const auto id = archive_->ensure_feed(feed, "https://" + feed + ".example/rss")->id;
    ItemRecord r;
    r.guid = guid;
    r.title = title;
    r.published = when;
    r.story_keys = std::move(keys);
    EXPECT_TRUE(archive_->ingest(id, {r}, when, [](const ItemRecord&) { return std::vector<MatchRecord>{}; }).ok());
    auto stmt = archive_->database().prepare("SELECT id FROM items WHERE guid = ?1");
    stmt->bind(1, guid);
    EXPECT_TRUE(*stmt->step());
    return stmt->integer(0);
  }

  std::int64_t story_of(std::int64_t item) {
    auto stmt = archive_->database().prepare("SELECT story_id FROM items WHERE id = ?1");
    stmt->bind(1, item);
    EXPECT_TRUE(*stmt->step());
    return stmt->integer(0);
  }

  std::optional<Archive> archive_;
};

TEST_F(StoriesTest, ReportsOfOneEventInTwoLanguagesShareAStoryByTheirRareNames) {
  const auto ky = add("azattyk", "1", "Рустам Зарифулиндин сөөгү Кара-Балтага коюлду",
                      {{"rustam", "zarifu", "#26"}, {"death"}, {"KG"}, {}}, kNow);
  const auto en =
      add("rferl", "2", "Kyrgyz town mourns a soldier", {{"zarifu", "rustam"}, {"death"}, {"KG"}, {}}, kNow + 3600);
  const auto other =
      add("rferl", "3", "Uzbek man sentenced for mercenarism", {{"tashke"}, {"mercenary"}, {"UZ"}, {}}, kNow + 7200);
  EXPECT_EQ(story_of(ky), story_of(en));
  EXPECT_NE(story_of(other), story_of(ky));
}

TEST_F(StoriesTest, MergesAndSplitsAreKeptThroughRegrouping) {
  const auto a = add("azattyk", "1", "Первая история о вербовке", {{"bakyt", "naryn"}, {"recruit"}, {"KG"}, {}}, kNow);
  const auto b = add("kloop", "2", "Совсем другой текст", {{"osh"}, {"recruit"}, {"TJ"}, {}}, kNow + 3 * 86400);
  const auto c = add("24kg", "3", "Третья история", {{"bakyt", "naryn"}, {"recruit"}, {"KG"}, {}}, kNow + 600);
  ASSERT_NE(story_of(a), story_of(b));
  ASSERT_EQ(story_of(a), story_of(c));
  auto stories = archive_->stories();
  ASSERT_EQ(*stories.merge(story_of(a), story_of(b), kNow), 1);
  EXPECT_EQ(story_of(b), story_of(a));
  auto split = stories.split(c, kNow);
  ASSERT_TRUE(split.ok());
  EXPECT_NE(story_of(c), story_of(a));
  ASSERT_TRUE(stories.regroup(0, kNow + 4 * 86400).ok());
  EXPECT_EQ(story_of(b), story_of(a)) << "the merge survives regrouping";
  EXPECT_NE(story_of(c), story_of(a)) << "the split survives regrouping";
  auto shown = stories.show(story_of(a));
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->reports.size(), 2u);
}

TEST_F(StoriesTest, UnknownStoriesAndItemsAreErrors) {
  auto stories = archive_->stories();
  EXPECT_FALSE(stories.show(999).ok());
  EXPECT_FALSE(stories.split(999, kNow).ok());
  EXPECT_FALSE(stories.merge(1, 1, kNow).ok());
}

}  // namespace
}  // namespace khabar::store
