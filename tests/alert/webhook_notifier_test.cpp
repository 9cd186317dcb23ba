#include "alert/webhook_notifier.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "alert/signature.h"
#include "alert/webhook_body.h"

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
  WebhookNotifier notifier_{WebhookOptions{kUrl, "json", "", "s3cret", std::chrono::seconds(5)}, http_};
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

TEST_F(WebhookNotifierTest, SignsTheBodyWithHmacSha256) {
  deliver_with_status(200);
  const auto request = http_.requests().at(0);
  const auto header = std::find_if(request.headers.begin(), request.headers.end(),
                                   [](const auto& h) { return h.first == "X-Khabar-Signature"; });
  ASSERT_NE(header, request.headers.end());
  EXPECT_EQ(header->second, signature_header("s3cret", request.body));
  // RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?").
  EXPECT_EQ(signature_header("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookBodyTest, PresetsGiveEachServiceItsShape) {
  AlertMessage m;
  m.id = 7;
  m.rule = "recruits";
  m.feed = "azattyk";
  m.title = "Вербовка <мигрантов>";
  m.link = "https://rus.azattyk.org/a/1.html";
  const auto slack = nlohmann::json::parse(webhook_body(m, "slack", "").body);
  EXPECT_EQ(slack["text"], "[recruits] Вербовка <мигрантов> — azattyk\n<https://rus.azattyk.org/a/1.html>");
  EXPECT_TRUE(nlohmann::json::parse(webhook_body(m, "discord", "").body).contains("content"));
  const auto telegram = nlohmann::json::parse(webhook_body(m, "telegram", "-100123").body);
  EXPECT_EQ(telegram["chat_id"], "-100123");
  EXPECT_EQ(telegram["parse_mode"], "HTML");
  EXPECT_NE(telegram["text"].get<std::string>().find("&lt;мигрантов&gt;"), std::string::npos);
  const auto matrix = webhook_body(m, "matrix", "");
  EXPECT_EQ(matrix.method, "PUT");
  EXPECT_EQ(nlohmann::json::parse(matrix.body)["msgtype"], "m.text");
}

TEST_F(WebhookNotifierTest, ClassifiesStatuses) {
  EXPECT_EQ(deliver_with_status(404).delivery, Delivery::kFailedPermanently);
  EXPECT_EQ(deliver_with_status(429).delivery, Delivery::kRetryLater);
  EXPECT_EQ(deliver_with_status(408).delivery, Delivery::kRetryLater);
  EXPECT_EQ(deliver_with_status(503).delivery, Delivery::kRetryLater);
}

TEST_F(WebhookNotifierTest, NoResponseIsRetriedAndTheUrlIsNotInTheDetail) {
  testing::FakeHttpClient unreachable;
  WebhookNotifier notifier(WebhookOptions{kUrl, "json", "", "", std::chrono::seconds(5)}, unreachable);
  const auto outcome = notifier.deliver(sample());
  EXPECT_EQ(outcome.delivery, Delivery::kRetryLater);
  EXPECT_EQ(outcome.detail.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace khabar::alert
