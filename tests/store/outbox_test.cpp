#include "store/outbox.h"

#include <gtest/gtest.h>

#include "store/archive.h"
#include "store/schema.h"
#include "support/temp_dir.h"

namespace khabar::store {
namespace {

constexpr UnixTime kNow = 1764028800;  // 2025-11-25 00:00 UTC

const std::string kStory = "В Сахарово мигрантов из Кыргызстана вербовали на войну";
const std::string kStorySummary = "Задержанным в миграционном центре предлагали подписать контракт с Минобороны.";

ItemRecord item(const std::string& guid, const std::string& title, const std::string& summary = "") {
  ItemRecord r;
  r.guid = guid;
  r.title = title;
  r.summary = summary;
  r.link = "https://news.example/" + guid;
  return r;
}

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override { archive_.emplace(std::move(*Archive::open(":memory:"))); }

  std::int64_t feed(const std::string& name, const std::string& country) {
    return archive_->ensure_feed(name, "https://" + name + ".example/rss", country)->id;
  }

  // One new item of `feed_id` matching rule "recruits" for channel "desk".
  IngestResult report(std::int64_t feed_id, const ItemRecord& r, UnixTime now = kNow) {
    auto match = [](const ItemRecord&) { return std::vector<MatchRecord>{{"recruits", {"вербовали"}, {"desk"}}}; };
    auto result = archive_->ingest(feed_id, {r}, now, match);
    EXPECT_TRUE(result.ok()) << result.error().message;
    return *result;
  }

  void policy(ChannelPolicy p) { archive_->set_channel_policies({{"desk", p}}); }
  Outbox outbox() { return archive_->outbox(); }
  std::vector<std::string> due_kinds(UnixTime now = kNow) {
    std::vector<std::string> kinds;
    const auto due = *outbox().due_alerts(100, now);
    for (const auto& a : due) kinds.push_back(a.kind);
    return kinds;
  }

  std::optional<Archive> archive_;
};

TEST_F(OutboxTest, ADigestChannelHoldsEveryAlertUntilItsDigestIsFormed) {
  policy({.digest = true});
  const auto kg = feed("azattyk", "KG");
  report(kg, item("1", kStory, kStorySummary));
  report(kg, item("2", "Таджикских мигрантов вербуют в армию через мечети"));
  EXPECT_TRUE(due_kinds().empty());
  EXPECT_FALSE(outbox().form_digest("desk", kNow, kNow + 10)->has_value());  // created at kNow: not before it
  const auto digest = *outbox().form_digest("desk", kNow + 1, kNow + 10);
  ASSERT_TRUE(digest.has_value());
  const auto due = *outbox().due_digests(10, kNow + 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].alerts.size(), 2u);
  EXPECT_EQ(due[0].alerts[0].held_reason, kHeldForDigest);
  ASSERT_TRUE(outbox().mark_digest_sent(*digest, kNow + 11));
  EXPECT_TRUE(outbox().due_digests(10, kNow + 20)->empty());
  EXPECT_EQ(*outbox().pending_count(), 0);
  EXPECT_FALSE(outbox().form_digest("desk", kNow + 3600, kNow + 3600)->has_value());  // nothing twice
}

TEST_F(OutboxTest, AlertsOverTheHourlyLimitSpillIntoTheDigestInsteadOfBeingDropped) {
  policy({.max_per_hour = 2});
  const auto kg = feed("azattyk", "KG");
  report(kg, item("1", "Кыргызстанцев вербовали в Сахарово"));
  report(kg, item("2", "Tajik migrants recruited at a Moscow mosque"));
  report(kg, item("3", "Ўзбекистонлик мигрантлар урушга ёлланмоқда"));
  EXPECT_EQ(due_kinds(), (std::vector<std::string>{"alert", "alert"}));
  const auto held = *outbox().list("pending", 10);
  EXPECT_EQ(held[0].held_reason, kHeldOverRate);
  report(kg, item("4", "Туркменских студентов отправили на фронт"), kNow + 3601);  // a new hour
  EXPECT_EQ(due_kinds(kNow + 3601).size(), 3u);
  ASSERT_TRUE(outbox().form_digest("desk", kNow + 3600, kNow + 3601)->has_value());
  EXPECT_EQ(outbox().due_digests(10, kNow + 3601)->at(0).alerts.size(), 1u);
}

TEST_F(OutboxTest, AStorySeenAgainFromAnotherOutletWaitsForTheDigestUnlessTheChannelWantsEveryReport) {
  const auto kg = feed("azattyk", "KG"), tj = feed("asia-plus", "TJ");
  report(kg, item("1", kStory, kStorySummary));
  report(tj, item("2", kStory, kStorySummary + " Подробности уточняются."));
  EXPECT_EQ(due_kinds().size(), 1u);
  EXPECT_EQ(outbox().list("pending", 10)->at(0).held_reason, kHeldAsUpdate);

  SetUp();
  policy({.every_report = true});
  const auto kg2 = feed("azattyk", "KG"), tj2 = feed("asia-plus", "TJ");
  report(kg2, item("1", kStory, kStorySummary));
  report(tj2, item("2", kStory, kStorySummary + " Подробности уточняются."));
  EXPECT_EQ(due_kinds().size(), 2u);
}

TEST_F(OutboxTest, ASurgeAlertWhenOutletsOfEnoughCountriesReportAStoryWithinTheWindow) {
  policy({.surge_countries = 3, .surge_within = 6 * 3600});
  const auto kg = feed("azattyk", "KG"), kg2 = feed("kloop", "KG"), tj = feed("asia-plus", "TJ"),
             uz = feed("ozodlik", "UZ"), kz = feed("vlast", "KZ");
  report(kg, item("1", kStory, kStorySummary));
  report(kg2, item("2", kStory, kStorySummary + " Источник: Клооп."));
  report(tj, item("3", kStory, kStorySummary + " Подробности уточняются."));
  EXPECT_EQ(due_kinds(), (std::vector<std::string>{"alert"}));  // two countries so far
  report(uz, item("4", kStory, kStorySummary + " Сообщает Озодлик."), kNow + 3600);
  EXPECT_EQ(due_kinds(kNow + 3600), (std::vector<std::string>{"alert", "surge"}));
  report(kz, item("5", kStory, kStorySummary + " Пишет Власть."), kNow + 7200);
  EXPECT_EQ(due_kinds(kNow + 7200).size(), 2u);  // one surge per story
  const auto surge = outbox().due_alerts(10, kNow + 7200)->at(1);
  const auto reports = *outbox().story_reports(*surge.story, "desk", kNow - 6 * 3600);
  EXPECT_EQ(reports.size(), 5u);
  EXPECT_EQ(reports[3].country, "UZ");
}

TEST_F(OutboxTest, ReportsOutsideTheSurgeWindowDoNotCount) {
  policy({.surge_countries = 2, .surge_within = 3600});
  auto old = item("1", kStory, kStorySummary);
  old.published = kNow - 3 * 86400;
  report(feed("azattyk", "KG"), old);
  report(feed("asia-plus", "TJ"), item("2", kStory, kStorySummary + " Подробности уточняются."));
  EXPECT_EQ(due_kinds(), (std::vector<std::string>{"alert"}));
}

TEST_F(OutboxTest, AFailedDigestKeepsItsAlertsAndRetryBringsThemBack) {
  policy({.digest = true});
  report(feed("azattyk", "KG"), item("1", kStory));
  const auto digest = **outbox().form_digest("desk", kNow + 1, kNow + 1);
  ASSERT_TRUE(outbox().mark_digest_failed(digest, "SMTP 451", false, kNow + 60));
  EXPECT_TRUE(outbox().due_digests(10, kNow + 30)->empty());
  EXPECT_EQ(outbox().due_digests(10, kNow + 60)->at(0).attempts, 1);
  ASSERT_TRUE(outbox().mark_digest_failed(digest, "SMTP 550 no such user", true));
  EXPECT_TRUE(outbox().due_digests(10, kNow + 600)->empty());
  EXPECT_EQ(outbox().list("failed", 10)->at(0).last_error, "SMTP 550 no such user");
  EXPECT_EQ(*outbox().retry(0), 1);
  EXPECT_EQ(outbox().due_digests(10, kNow)->size(), 1u);
}

TEST(OutboxConnectionsTest, TheStoreKeepsWritingWhileAnotherConnectionMarksAlertsSent) {
  testing::TempDir dir;
  const auto path = (dir.path() / "khabar.db").string();
  auto store = std::move(*Archive::open(path));
  auto delivery = std::move(*Archive::open(path));  // the delivery thread's own connection
  const auto feed = store.ensure_feed("azattyk", "https://azattyk.example/rss", std::string("KG"))->id;
  auto match = [](const ItemRecord&) { return std::vector<MatchRecord>{{"recruits", {}, {"desk"}}}; };
  const std::vector<ItemRecord> items{item("0", "Вербовка мигрантов в Сахарово"),
                                      item("1", "Tajik recruits at a mosque"),
                                      item("2", "Ўзбекистонлик мигрантлар урушга ёлланмоқда")};
  for (size_t n = 0; n < items.size(); ++n) {
    // The feed lists what it listed before (known items, found by a cached
    // query) and one more: the store must write after the other connection did.
    std::vector<ItemRecord> listed(items.rend() - static_cast<std::ptrdiff_t>(n) - 1, items.rend());  // newest first
    auto stored = store.ingest(feed, listed, kNow + static_cast<UnixTime>(n), match);
    ASSERT_TRUE(stored.ok()) << "ingest " << n << ": " << stored.error().message;
    const auto due = *delivery.outbox().due_alerts(10, kNow + static_cast<UnixTime>(n));
    for (const auto& alert : due) {
      ASSERT_TRUE(delivery.outbox().mark_sent(alert.id, kNow));
    }
  }
  EXPECT_EQ(*store.outbox().pending_count(), 0);
}

TEST(OutboxMigrationTest, AlertsOfAnEarlierSchemaSurviveAsAlertsSentAlone) {
  auto db = std::move(*Database::open(":memory:"));
  ASSERT_TRUE(migrate(db, 5));
  ASSERT_TRUE(
      db.exec("INSERT INTO feeds (id, name, url) VALUES (1, 'f', 'https://f.example/');"
              "INSERT INTO items (id, feed_id, identity, title, fetched) VALUES (1, 1, 'guid:1', 't', 100);"
              "INSERT INTO matches VALUES (1, 'recruits', '[\"t\"]', 100);"
              "INSERT INTO alerts (item_id, rule, channel, state, created_at, next_attempt) VALUES (1, 'recruits', "
              "'desk', 'pending', 100, 50);"));
  ASSERT_TRUE(migrate(db));
  std::map<std::string, ChannelPolicy> none;
  const auto due = *Outbox(db, none).due_alerts(10, 100);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, "alert");
  EXPECT_EQ(due[0].channel, "desk");
}

}  // namespace
}  // namespace khabar::store
