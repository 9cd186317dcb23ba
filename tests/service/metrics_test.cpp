#include "service/metrics.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include "service/feed_poller.h"

namespace khabar::service {
namespace {

// The kind is decided where the failure happens, from the transfer's code
// or the HTTP status, never from the words of a message (which a message's
// rewording would silently break).
FailureKind failure_of(Result<fetch::HttpResponse> response) {
  config::DaemonConfig daemon;
  config::FeedConfig feed;
  feed.name = "azattyk";
  feed.url = "https://rus.azattyk.org/api/";
  return outcome_of(daemon, feed, std::move(response)).failure;
}

fetch::HttpResponse answer(long status, std::string body = "", std::string content_type = "") {
  fetch::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.content_type = std::move(content_type);
  return response;
}

TEST(MetricsTest, FailuresAreClassifiedWhereTheyHappen) {
  EXPECT_EQ(failure_of(Error{ErrorKind::kTransient, "any words", CURLE_COULDNT_RESOLVE_HOST}), FailureKind::kDns);
  EXPECT_EQ(failure_of(Error{ErrorKind::kTransient, "any words", CURLE_COULDNT_CONNECT}), FailureKind::kConnect);
  EXPECT_EQ(failure_of(Error{ErrorKind::kTransient, "any words", CURLE_PEER_FAILED_VERIFICATION}),
            FailureKind::kConnect);
  EXPECT_EQ(failure_of(Error{ErrorKind::kTransient, "any words", CURLE_OPERATION_TIMEDOUT}), FailureKind::kTimeout);
  EXPECT_EQ(failure_of(Error{ErrorKind::kTransient, "any words", CURLE_FILESIZE_EXCEEDED}), FailureKind::kTooLarge);
  EXPECT_EQ(failure_of(Error{ErrorKind::kTransient, "Couldn't resolve host name", 0}), FailureKind::kOther);
  EXPECT_EQ(failure_of(answer(404)), FailureKind::kHttp4xx);
  EXPECT_EQ(failure_of(answer(503)), FailureKind::kHttp5xx);
  EXPECT_EQ(failure_of(answer(403, "<!DOCTYPE html><html>Just a moment...</html>", "text/html")),
            FailureKind::kChallenge);
  EXPECT_EQ(failure_of(answer(200, "<html><body>Not a feed</body></html>", "text/html")), FailureKind::kNotAFeed);
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
