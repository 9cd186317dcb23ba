#include "service/metrics.h"

#include <gtest/gtest.h>

namespace khabar::service {
namespace {

TEST(MetricsTest, ClassifiesFailuresByKind) {
  EXPECT_EQ(classify_failure("Couldn't resolve host name"), FailureKind::kDns);
  EXPECT_EQ(classify_failure("Couldn't connect to server"), FailureKind::kConnect);
  EXPECT_EQ(classify_failure("Timeout was reached (total timeout or a server too slow to send)"), FailureKind::kTimeout);
  EXPECT_EQ(classify_failure("HTTP 404"), FailureKind::kHttp4xx);
  EXPECT_EQ(classify_failure("HTTP 503"), FailureKind::kHttp5xx);
  EXPECT_EQ(classify_failure("HTTP 403: blocked by a bot-protection challenge page (HTML instead of a feed)"),
            FailureKind::kChallenge);
  EXPECT_EQ(classify_failure("response body over the limit of 100 bytes"), FailureKind::kTooLarge);
  EXPECT_EQ(classify_failure("not a feed: the document is an HTML page"), FailureKind::kNotAFeed);
}

TEST(MetricsTest, ExposesPrometheusText) {
  Metrics metrics;
  metrics.polls = 3;
  metrics.errors[static_cast<size_t>(FailureKind::kDns)] = 2;
  metrics.outbox_depth = 5;
  const auto text = metrics.exposition();
  EXPECT_NE(text.find("# TYPE khabar_polls_total counter\nkhabar_polls_total 3\n"), std::string::npos);
  EXPECT_NE(text.find("khabar_feed_errors_total{kind=\"dns\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE khabar_outbox_depth gauge\nkhabar_outbox_depth 5\n"), std::string::npos);
}

TEST(MetricsTest, HealthIsUnavailableUntilEveryFeedIsLoadedAndSaysWhy) {
  Metrics metrics;
  metrics.feeds = 0;
  metrics.feeds_unloaded = 3;
  metrics.set_load_error("database is locked");
  auto health = health_of(metrics);
  EXPECT_EQ(health.status, 503);
  EXPECT_NE(health.json.find("feeds not loaded: database is locked"), std::string::npos) << health.json;

  metrics.feeds = 3;
  metrics.feeds_unloaded = 0;
  metrics.set_load_error("");
  EXPECT_EQ(health_of(metrics).status, 200);
  metrics.failing_feeds = 3;
  health = health_of(metrics);
  EXPECT_EQ(health.status, 503);
  EXPECT_NE(health.json.find("every feed failing"), std::string::npos);
}

}  // namespace
}  // namespace khabar::service
