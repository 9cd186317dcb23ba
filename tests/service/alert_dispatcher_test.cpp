#include "service/alert_dispatcher.h"

#include <gtest/gtest.h>

#include "support/recording_notifier.h"

namespace khabar::service {
namespace {

constexpr UnixTime kTenFifteen = 1764065700;  // 2025-11-25 10:15 UTC
constexpr UnixTime kEleven = 1764068400;      // 2025-11-25 11:00 UTC

const std::string kStory = "В Сахарово мигрантов из Кыргызстана вербовали на войну";
const std::string kSummary = "Задержанным в миграционном центре предлагали подписать контракт с Минобороны.";

using testing::RecordingNotifier;

config::AlertConfig channel(std::string digest = "") {
  config::AlertConfig c;
  c.name = "desk";
  c.type = "email";
  c.digest = std::move(digest);
  return c;
}

class AlertDispatcherTest : public ::testing::Test {
 protected:
  void use(config::AlertConfig c) {
    config_.alerts = {std::move(c)};
    archive_.emplace(std::move(*store::Archive::open(":memory:")));
    archive_->set_channel_policies(channel_policies(config_));
    dispatcher_.emplace(std::map<std::string, alert::Notifier*>{{"desk", &notifier_}}, config_.alerts);
  }

  void report(const std::string& feed, const std::string& country, const std::string& guid, const std::string& title,
              const std::string& summary, UnixTime now) {
    const auto id = archive_->ensure_feed(feed, "https://" + feed + ".example/rss", country)->id;
    store::ItemRecord r;
    r.guid = guid;
    r.title = title;
    r.summary = summary;
    r.link = "https://" + feed + ".example/" + guid;
    r.language = "ru";
    auto match = [](const store::ItemRecord&) {
      return std::vector<store::MatchRecord>{{"recruits", {"вербовали"}, {"desk"}}};
    };
    ASSERT_TRUE(archive_->ingest(id, {r}, now, match).ok());
  }

  DispatchReport deliver(UnixTime now) { return dispatcher_->deliver_pending(*archive_, now); }

  config::Config config_;
  RecordingNotifier notifier_;
  std::optional<store::Archive> archive_;
  std::optional<AlertDispatcher> dispatcher_;
};

TEST(DigestPeriodTest, HourlyAtTheTopOfTheHourDailyAtTheChosenTime) {
  EXPECT_EQ(digest_period_end(channel("hourly"), kTenFifteen), kEleven - 3600);
  EXPECT_EQ(digest_period_end(channel(""), kEleven), kEleven);  // held alerts of a channel without digests: hourly
  auto daily = channel("daily");
  daily.digest_at = std::chrono::hours(7);
  EXPECT_EQ(digest_period_end(daily, kTenFifteen), kTenFifteen - 3 * 3600 - 15 * 60);  // 07:00 today
  EXPECT_EQ(digest_period_end(daily, kTenFifteen - 4 * 3600), kTenFifteen - 3 * 3600 - 15 * 60 - 86400);
}

TEST_F(AlertDispatcherTest, HeldAlertsGoOutAsOneDigestOnceTheirHourHasEnded) {
  use(channel("hourly"));
  report("azattyk", "KG", "1", kStory, kSummary, kTenFifteen);
  report("asia-plus", "TJ", "2", kStory, kSummary + " Подробности уточняются.", kTenFifteen + 60);
  report("ozodlik", "UZ", "3", "Ўзбекистонлик мигрантлар урушга ёлланмоқда", "", kTenFifteen + 120);
  EXPECT_EQ(deliver(kTenFifteen + 900).delivered, 0);
  EXPECT_EQ(deliver(kEleven + 5).delivered, 1);
  ASSERT_EQ(notifier_.sent.size(), 1u);
  const auto& digest = notifier_.sent[0];
  EXPECT_EQ(digest.kind, alert::MessageKind::kDigest);
  ASSERT_EQ(digest.stories.size(), 2u);  // the two outlets' reports of one story, grouped
  EXPECT_EQ(digest.stories[0].reports.size(), 2u);
  EXPECT_EQ(digest.stories[0].reports[1].country, "TJ");
  EXPECT_EQ(deliver(kEleven + 3600).delivered, 0);  // never twice
}

TEST_F(AlertDispatcherTest, ADigestThatFailsIsRetriedWithTheSameKey) {
  use(channel("hourly"));
  report("azattyk", "KG", "1", kStory, kSummary, kTenFifteen);
  notifier_.next = alert::Delivery::kRetryLater;
  EXPECT_EQ(deliver(kEleven).retry_later, 1);
  EXPECT_EQ(deliver(kEleven + 10).retry_later, 0);  // backing off
  notifier_.next = alert::Delivery::kDelivered;
  EXPECT_EQ(deliver(kEleven + 3 * 3600).delivered, 1);
  ASSERT_EQ(notifier_.sent.size(), 2u);
  EXPECT_EQ(alert::idempotency_key(notifier_.sent[0]), alert::idempotency_key(notifier_.sent[1]));
  EXPECT_EQ(archive_->outbox().list("sent", 10)->size(), 1u);
}

TEST_F(AlertDispatcherTest, AnInstantChannelGetsTheStoryOnceAndItsLaterReportsInTheHourlyDigest) {
  use(channel());
  report("azattyk", "KG", "1", kStory, kSummary, kTenFifteen);
  EXPECT_EQ(deliver(kTenFifteen).delivered, 1);
  report("asia-plus", "TJ", "2", kStory, kSummary + " Подробности уточняются.", kTenFifteen + 60);
  EXPECT_EQ(deliver(kTenFifteen + 60).delivered, 0);
  EXPECT_EQ(deliver(kEleven).delivered, 1);
  ASSERT_EQ(notifier_.sent.size(), 2u);
  EXPECT_EQ(notifier_.sent[1].kind, alert::MessageKind::kDigest);
  EXPECT_EQ(notifier_.sent[1].lead().feed, "asia-plus");
}

TEST_F(AlertDispatcherTest, ASurgeAlertListsTheStorysReportsFromEveryCountry) {
  auto c = channel();
  c.surge_countries = 2;
  use(c);
  report("azattyk", "KG", "1", kStory, kSummary, kTenFifteen);
  report("asia-plus", "TJ", "2", kStory, kSummary + " Подробности уточняются.", kTenFifteen + 60);
  EXPECT_EQ(deliver(kTenFifteen + 60).delivered, 2);
  ASSERT_EQ(notifier_.sent.size(), 2u);
  const auto& surge = notifier_.sent[1];
  EXPECT_EQ(surge.kind, alert::MessageKind::kSurge);
  EXPECT_EQ(surge.countries(), (std::vector<std::string>{"KG", "TJ"}));
  EXPECT_EQ(surge.report_count(), 2u);
}

TEST_F(AlertDispatcherTest, AFullOutboxDrainsInOnePass) {
  use(channel());
  for (int n = 0; n < 260; ++n) {  // more than a batch of 200
    const auto id = std::to_string(n);
    report("azattyk", "KG", id, "Отдельная история номер " + id + " " + std::string(static_cast<size_t>(n % 17), 'x'),
           "Совсем другой текст " + id + " про событие " + std::to_string(n * 31), kTenFifteen);
  }
  const auto stories =
      *archive_->outbox().pending_count() - static_cast<std::int64_t>(archive_->outbox().backlog()->at(0).held);
  EXPECT_EQ(deliver(kTenFifteen).delivered, stories);
  EXPECT_GT(stories, 200);
}

TEST_F(AlertDispatcherTest, NothingMoreIsSentOnceStopped) {
  use(channel());
  report("azattyk", "KG", "1", kStory, kSummary, kTenFifteen);
  dispatcher_->request_stop();
  EXPECT_EQ(deliver(kTenFifteen).delivered, 0);
  dispatcher_->clear_stop();
  EXPECT_EQ(deliver(kTenFifteen).delivered, 1);
}

}  // namespace
}  // namespace khabar::service

namespace khabar::service {
namespace {

TEST_F(AlertDispatcherTest, AnItemMatchingTwoRulesIsOneAlertThatNamesBoth) {
  use(channel());
  const auto id = archive_->ensure_feed("azattyk", "https://azattyk.example/rss", std::string("KG"))->id;
  store::ItemRecord r;
  r.guid = "1";
  r.title = "Украинадагы согушта каза болгон кыргызстандык";
  r.link = "https://azattyk.example/1";
  auto match = [](const store::ItemRecord&) {
    return std::vector<store::MatchRecord>{{"deaths", {"каза болгон"}, {"desk"}, {{"каза болгон", "died", "погиб"}}},
                                           {"war", {"согушта"}, {"desk"}, {{"согушта", "in the war", "на войне"}}}};
  };
  auto ingested = archive_->ingest(id, {r}, kTenFifteen, match);
  ASSERT_TRUE(ingested.ok());
  EXPECT_EQ(ingested->new_matches, 2);
  EXPECT_EQ(ingested->new_alerts, 1);
  EXPECT_EQ(deliver(kTenFifteen).delivered, 1);
  ASSERT_EQ(notifier_.sent.size(), 1u);
  const auto& lead = notifier_.sent[0].lead();
  EXPECT_EQ(lead.rule, "deaths");
  EXPECT_EQ(lead.rules, (std::vector<std::string>{"deaths", "war"}));
  EXPECT_EQ(lead.terms, (std::vector<std::string>{"каза болгон", "согушта"}));
  ASSERT_EQ(lead.glosses.size(), 2u);
  EXPECT_EQ(lead.glosses[0].ru, "погиб");
}

TEST_F(AlertDispatcherTest, AnotherRuleOnTheSameStoryGoesToTheDigestNotOutAgain) {
  use(channel());
  report("azattyk", "KG", "1", kStory, kSummary, kTenFifteen);
  EXPECT_EQ(deliver(kTenFifteen).delivered, 1);
  const auto id = archive_->ensure_feed("asia-plus", "https://asia-plus.example/rss", std::string("TJ"))->id;
  store::ItemRecord r;
  r.guid = "2";
  r.title = kStory;
  r.summary = kSummary + " Подробности уточняются.";
  auto other_rule = [](const store::ItemRecord&) {
    return std::vector<store::MatchRecord>{{"deaths", {"контракт"}, {"desk"}}};
  };
  ASSERT_TRUE(archive_->ingest(id, {r}, kTenFifteen + 60, other_rule).ok());
  EXPECT_EQ(deliver(kTenFifteen + 60).delivered, 0);  // one story, one alert per channel, whatever the rule
}

}  // namespace
}  // namespace khabar::service
