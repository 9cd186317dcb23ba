#include "service/feed_poller.h"

#include <gtest/gtest.h>

#include "service/alert_dispatcher.h"
#include "service/poll_service.h"
#include "support/fake_http_client.h"
#include "support/recording_notifier.h"

namespace khabar::service {
namespace {

constexpr const char* kFeedUrl = "https://rus.azattyk.org/api/";

std::string rss(const std::string& items) {
  return "<rss version=\"2.0\"><channel><title>Азаттык</title><language>ru</language>" + items + "</channel></rss>";
}

std::string rss_item(const std::string& guid, const std::string& title) {
  return "<item><guid>" + guid + "</guid><title>" + title + "</title><link>https://rus.azattyk.org/a/" + guid +
         ".html</link></item>";
}

using testing::RecordingNotifier;

class PollServiceTest : public ::testing::Test {
 protected:
  static config::FeedConfig feed(std::string name, std::string url) {
    config::FeedConfig f;
    f.name = std::move(name);
    f.url = std::move(url);
    f.poll_interval = std::chrono::minutes(15);
    return f;
  }

  void SetUp() override {
    config_.feeds.push_back(feed("azattyk", kFeedUrl));
    config_.feeds.push_back(feed("broken", "https://broken.example/rss"));
    config_.rules.push_back({"recruits", "(кыргыз* OR tajik*) AND (вербов* OR recruit*)", {"newsroom"}, {}, 0});
    config::AlertConfig newsroom;
    newsroom.name = "newsroom";
    newsroom.type = "webhook";
    newsroom.url = "https://hooks.example.org/x";
    config_.alerts.push_back(newsroom);
    archive_.emplace(std::move(*store::Archive::open(":memory:")));
    rules_.emplace(std::move(*RuleBook::build(config_)));
  }

  CycleReport poll() {
    AlertDispatcher dispatcher({{"newsroom", &notifier_}}, config_.alerts);
    asio::io_context loop;
    testing::FakeAsyncHttpClient fetcher(loop, http_);
    PollService service(config_, fetcher, *archive_, *rules_, dispatcher, loop);
    return service.poll_once();
  }

  config::Config config_;
  testing::FakeHttpClient http_;
  RecordingNotifier notifier_;
  std::optional<store::Archive> archive_;
  std::optional<RuleBook> rules_;
};

TEST_F(PollServiceTest, StoresItemsAndAlertsEachMatchOnce) {
  http_.respond(kFeedUrl, testing::ok_response(rss(rss_item("1", "Кыргызстанцев вербовали в армию") +
                                                   rss_item("2", "Курс доллара в Бишкеке"))));
  auto first = poll();
  EXPECT_EQ(first.new_items(), 2);
  ASSERT_EQ(notifier_.sent.size(), 1u);
  EXPECT_EQ(notifier_.sent[0].lead().title, "Кыргызстанцев вербовали в армию");
  EXPECT_EQ(notifier_.sent[0].lead().language, "ru");  // from the feed
  auto second = poll();
  EXPECT_EQ(second.new_items(), 0);
  EXPECT_EQ(notifier_.sent.size(), 1u);
}

// `khabar poll --once` runs one cycle; a tool (or a test) may run more on
// the same service, and each must finish and see what the last one stored.
TEST_F(PollServiceTest, OneServiceRunsSeveralCycles) {
  AlertDispatcher dispatcher({{"newsroom", &notifier_}}, config_.alerts);
  asio::io_context loop;
  testing::FakeAsyncHttpClient fetcher(loop, http_);
  PollService service(config_, fetcher, *archive_, *rules_, dispatcher, loop);
  http_.respond(kFeedUrl, testing::ok_response(rss(rss_item("1", "Кыргызстанцев вербовали в армию"))));
  EXPECT_EQ(service.poll_once().new_items(), 1);
  http_.respond(kFeedUrl, testing::ok_response(rss(rss_item("1", "Кыргызстанцев вербовали в армию") +
                                                   rss_item("2", "Tajik recruits sent to the front"))));
  const auto second = service.poll_once();
  EXPECT_EQ(second.new_items(), 1);
  EXPECT_EQ(second.feeds.size(), 2u);
  const auto third = service.poll_once();
  EXPECT_EQ(third.new_items(), 0);
  EXPECT_EQ(third.feeds.size(), 2u);
  EXPECT_EQ(notifier_.sent.size(), 2u);
}

TEST_F(PollServiceTest, AFailingFeedIsRecordedAndDoesNotStopTheOthers) {
  http_.respond(kFeedUrl, testing::ok_response(rss(rss_item("1", "Tajik recruits"))));
  const auto report = poll();
  EXPECT_EQ(report.failed_feeds(), 1);
  EXPECT_EQ(report.new_items(), 1);
  const auto feeds = *archive_->feeds();
  const auto broken = std::find_if(feeds.begin(), feeds.end(), [](const auto& f) { return f.name == "broken"; });
  EXPECT_EQ(broken->last_error, "Couldn't resolve host name");
}

TEST_F(PollServiceTest, ConditionalGetSendsStoredValidatorsAnd304StoresNothing) {
  auto response = testing::ok_response(rss(rss_item("1", "x")));
  response.etag = "\"v1\"";
  http_.respond(kFeedUrl, response);
  poll();
  fetch::HttpResponse not_modified;
  not_modified.status = 304;
  http_.respond(kFeedUrl, not_modified);
  const auto report = poll();
  const auto requests = http_.requests();
  const auto last = std::find_if(requests.rbegin(), requests.rend(), [](const auto& r) { return r.url == kFeedUrl; });
  EXPECT_EQ(last->etag, "\"v1\"");
  EXPECT_EQ(report.new_items(), 0);
}

TEST_F(PollServiceTest, AlertsThatFailWaitWithBackoffThenGoOut) {
  http_.respond(kFeedUrl, testing::ok_response(rss(rss_item("1", "Tajik migrants recruited"))));
  notifier_.next = alert::Delivery::kRetryLater;
  EXPECT_EQ(poll().alerts.retry_later, 1);
  EXPECT_EQ(poll().alerts.retry_later, 0);  // not due yet: backing off
  notifier_.next = alert::Delivery::kDelivered;
  AlertDispatcher dispatcher({{"newsroom", &notifier_}}, config_.alerts);
  EXPECT_EQ(dispatcher.deliver_pending(*archive_, unix_now() + 3600).delivered, 1);
  EXPECT_EQ(dispatcher.deliver_pending(*archive_, unix_now() + 7200).delivered, 0);  // never twice
  EXPECT_EQ(notifier_.sent.size(), 2u);
}

TEST_F(PollServiceTest, AlertsAreGivenUpAfterTheirTime) {
  http_.respond(kFeedUrl, testing::ok_response(rss(rss_item("1", "Tajik migrants recruited"))));
  notifier_.next = alert::Delivery::kRetryLater;
  poll();
  AlertDispatcher dispatcher({{"newsroom", &notifier_}}, config_.alerts);
  EXPECT_EQ(dispatcher.deliver_pending(*archive_, unix_now() + 4 * 86400).failed, 1);
  const auto failed = *archive_->outbox().list("failed", 10);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_NE(failed[0].last_error->find("gave up after 3d"), std::string::npos);
  EXPECT_EQ(*archive_->outbox().retry(0), 1);  // `khabar alerts retry`
  notifier_.next = alert::Delivery::kDelivered;
  EXPECT_EQ(dispatcher.deliver_pending(*archive_, unix_now()).delivered, 1);
}

TEST(AlertRetryDelayTest, DoublesFromAMinuteToSixHoursAndHonoursRetryAfter) {
  EXPECT_EQ(alert_retry_delay(0, std::nullopt, 0.5), std::chrono::seconds(60));
  EXPECT_EQ(alert_retry_delay(3, std::nullopt, 0.5), std::chrono::seconds(480));
  EXPECT_EQ(alert_retry_delay(30, std::nullopt, 0.5), std::chrono::hours(6));
  EXPECT_EQ(alert_retry_delay(0, std::chrono::seconds(900), 0.5), std::chrono::seconds(900));
}

TEST_F(PollServiceTest, HttpErrorsAndUnparsableBodiesAreFeedErrors) {
  fetch::HttpResponse gone;
  gone.status = 410;
  http_.respond(kFeedUrl, gone);
  store::FeedState state;
  state.url = kFeedUrl;
  auto outcome = fetch_feed(http_, config_.daemon, config::FeedConfig{}, state);
  EXPECT_EQ(outcome.kind, FetchOutcome::Kind::kFailed);
  EXPECT_EQ(outcome.error, "HTTP 410");
  http_.respond(kFeedUrl, testing::ok_response("<html>challenge</html>", "text/html"));
  outcome = fetch_feed(http_, config_.daemon, config::FeedConfig{}, state);
  EXPECT_NE(outcome.error.find("not a feed"), std::string::npos);
}

TEST_F(PollServiceTest, BotProtectionPagesAreReportedAsSuch) {
  fetch::HttpResponse challenge =
      testing::ok_response("<!DOCTYPE html><html><title>Just a moment...</title>", "text/html");
  challenge.status = 403;
  http_.respond(kFeedUrl, challenge);
  store::FeedState state;
  state.url = kFeedUrl;
  const auto outcome = fetch_feed(http_, config_.daemon, config::FeedConfig{}, state);
  EXPECT_EQ(outcome.error, "HTTP 403: blocked by a bot-protection challenge page (HTML instead of a feed)");
}

TEST_F(PollServiceTest, APermanentRedirectMovesTheFeedAndTheConfigDoesNotMoveItBack) {
  auto moved = testing::ok_response(rss(rss_item("1", "x")));
  moved.moved_permanently_to = "https://new.azattyk.org/api/";
  http_.respond(kFeedUrl, moved);
  http_.respond("https://new.azattyk.org/api/", testing::ok_response(rss(rss_item("2", "y"))));
  poll();
  poll();
  const auto requests = http_.requests();
  EXPECT_EQ(requests.back().url == "https://new.azattyk.org/api/" ||
                requests[requests.size() - 2].url == "https://new.azattyk.org/api/",
            true);
  EXPECT_EQ((*archive_->feed_state("azattyk"))->url, "https://new.azattyk.org/api/");
}

TEST_F(PollServiceTest, EachPollSchedulesTheNextAndFailuresCountInARow) {
  poll();
  poll();
  const auto broken = *archive_->feed_state("broken");
  EXPECT_EQ(broken->consecutive_errors, 2);
  EXPECT_EQ(broken->last_status, "failed");
  ASSERT_TRUE(broken->next_poll.has_value());
  EXPECT_GT(*broken->next_poll, unix_now());
}

}  // namespace
}  // namespace khabar::service

namespace khabar::service {
namespace {

parse::ParsedFeed telegram_page(std::vector<int> posts, bool older) {
  parse::ParsedFeed page;
  for (int n : posts) {
    parse::Item item;
    item.id = "chan/" + std::to_string(n);
    page.items.push_back(item);
  }
  if (older) page.feed.older_page = "https://t.me/s/chan?before=" + std::to_string(posts.back());
  return page;
}

TEST(TelegramBackfillTest, WalksBackOnTheFirstPollUpToTheBackfill) {
  EXPECT_TRUE(needs_older_page(telegram_page({120, 119, 101}, true), std::nullopt, 100));
  EXPECT_FALSE(needs_older_page(telegram_page({120, 119, 101}, true), std::nullopt, 3));
  EXPECT_FALSE(needs_older_page(telegram_page({120, 119, 101}, false), std::nullopt, 100));  // the channel's start
}

TEST(TelegramBackfillTest, WalksBackOnlyOverAGap) {
  EXPECT_FALSE(needs_older_page(telegram_page({120, 110, 101}, true), 105, 100));  // post 105 is known
  EXPECT_TRUE(needs_older_page(telegram_page({120, 110, 101}, true), 90, 100));    // 91..100 may be missed
}

TEST(TelegramBackfillTest, PostNumbersComeFromIdsAndCursors) {
  EXPECT_EQ(telegram_post_number(std::string("kloopnews/4512")), 4512);
  EXPECT_EQ(telegram_post_number(std::string("4512")), 4512);
  EXPECT_EQ(telegram_post_number(std::string("kloopnews/x")), std::nullopt);
  EXPECT_EQ(newest_post(telegram_page({3, 9, 4}, false).items), 9);
}

}  // namespace
}  // namespace khabar::service
