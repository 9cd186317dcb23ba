#include "alert/webhook_notifier.h"

#include <gtest/gtest.h>

#include "support/fake_http_client.h"

namespace khabar::alert {
namespace {

AlertMessage sample() {
  AlertMessage m;
  m.id = 42;
  m.channel = "newsroom";
  m.rule = "recruits";
  m.terms = {"вербовка"};
  m.feed = "azattyk";
  m.title = "Вербовка мигрантов";
  m.link = "https://rus.azattyk.org/a/1.html";
  m.published = 1709631000;
  return m;
}

class WebhookNotifierTest : public ::testing::Test {
 protected:
  DeliveryOutcome deliver_with_status(long status) {
    fetch::HttpResponse response;
    response.status = status;
    http_.respond(kUrl, response);
    return notifier_.deliver(sample());
  }
  static constexpr const char* kUrl = "https://hooks.example.org/T0/secret";
  testing::FakeHttpClient http_;
  WebhookNotifier notifier_{kUrl, http_, std::chrono::seconds(5)};
};

TEST_F(WebhookNotifierTest, PostsTheDocumentedJson) {
  EXPECT_EQ(deliver_with_status(204).delivery, Delivery::kDelivered);
  const auto request = http_.requests().at(0);
  EXPECT_EQ(request.method, "POST");
  const auto body = nlohmann::json::parse(request.body);
  EXPECT_EQ(body["rule"], "recruits");
  EXPECT_EQ(body["feed"], "azattyk");
  EXPECT_EQ(body["terms"][0], "вербовка");
  EXPECT_EQ(body["item"]["title"], "Вербовка мигрантов");
  EXPECT_EQ(body["item"]["published"], "2024-03-05T09:30:00Z");
  EXPECT_NE(std::find(request.headers.begin(), request.headers.end(),
                      std::pair<std::string, std::string>{"Idempotency-Key", "khabar-alert-42"}),
            request.headers.end());
}

TEST_F(WebhookNotifierTest, ClassifiesStatuses) {
  EXPECT_EQ(deliver_with_status(404).delivery, Delivery::kFailedPermanently);
  EXPECT_EQ(deliver_with_status(429).delivery, Delivery::kRetryLater);
  EXPECT_EQ(deliver_with_status(408).delivery, Delivery::kRetryLater);
  EXPECT_EQ(deliver_with_status(503).delivery, Delivery::kRetryLater);
}

TEST_F(WebhookNotifierTest, NoResponseIsRetriedAndTheUrlIsNotInTheDetail) {
  testing::FakeHttpClient unreachable;
  WebhookNotifier notifier(kUrl, unreachable, std::chrono::seconds(5));
  const auto outcome = notifier.deliver(sample());
  EXPECT_EQ(outcome.delivery, Delivery::kRetryLater);
  EXPECT_EQ(outcome.detail.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace khabar::alert
