#include "alert/webhook_notifier.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "alert/signature.h"
#include "alert/webhook_body.h"
#include "support/fake_http_client.h"

namespace khabar::alert {
namespace {

Report report(std::int64_t id, std::string title, std::string feed, std::string country) {
  Report r;
  r.alert_id = id;
  r.rule = "recruits";
  r.terms = {"вербовка"};
  r.feed = std::move(feed);
  r.country = std::move(country);
  r.title = std::move(title);
  r.link = "https://news.example/" + std::to_string(id);
  r.language = "ru";
  return r;
}

AlertMessage sample() {
  Report r = report(42, "Вербовка мигрантов", "azattyk", "KG");
  r.link = "https://rus.azattyk.org/a/1.html";
  r.published = 1709631000;
  return {MessageKind::kAlert, 42, "newsroom", {{7, {r}}}, {}};
}

AlertMessage digest() {
  return {
      MessageKind::kDigest,
      9,
      "newsroom",
      {{7, {report(42, "Вербовка мигрантов", "azattyk", "KG"), report(43, "Вербовка в Сахарово", "asia-plus", "TJ")}},
       {8, {report(44, "Tajik migrants recruited", "eurasianet", "US")}}},
      {}};
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
  EXPECT_EQ(body["kind"], "alert");
  EXPECT_EQ(body["story"], 7);
  EXPECT_EQ(body["country"], "KG");
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
  auto m = sample();
  m.stories[0].reports[0].title = "Вербовка <мигрантов>";
  const auto slack = nlohmann::json::parse(webhook_body(m, "slack", "").body);
  EXPECT_EQ(slack["text"],
            "[recruits] Вербовка &lt;мигрантов&gt; — azattyk (ru)\nвербовка\n<https://rus.azattyk.org/a/1.html>");
  EXPECT_TRUE(nlohmann::json::parse(webhook_body(m, "discord", "").body).contains("content"));
  const auto telegram = nlohmann::json::parse(webhook_body(m, "telegram", "-100123").body);
  EXPECT_EQ(telegram["chat_id"], "-100123");
  EXPECT_EQ(telegram["parse_mode"], "HTML");
  EXPECT_NE(telegram["text"].get<std::string>().find("&lt;мигрантов&gt;"), std::string::npos);
  const auto matrix = webhook_body(m, "matrix", "");
  EXPECT_EQ(matrix.method, "PUT");
  EXPECT_EQ(nlohmann::json::parse(matrix.body)["msgtype"], "m.text");
}

TEST_F(WebhookNotifierTest, ADigestListsItsStoriesWithEveryReportUnderItsOwnKey) {
  http_.respond(kUrl, testing::ok_response(""));
  EXPECT_EQ(notifier_.deliver(digest()).delivery, Delivery::kDelivered);
  const auto request = http_.requests().at(0);
  const auto body = nlohmann::json::parse(request.body);
  EXPECT_EQ(body["kind"], "digest");
  ASSERT_EQ(body["stories"].size(), 2u);
  EXPECT_EQ(body["stories"][0]["story"], 7);
  ASSERT_EQ(body["stories"][0]["reports"].size(), 2u);
  EXPECT_EQ(body["stories"][0]["reports"][1]["feed"], "asia-plus");
  EXPECT_EQ(body["stories"][0]["reports"][1]["country"], "TJ");
  EXPECT_EQ(body["stories"][1]["reports"][0]["item"]["link"], "https://news.example/44");
  EXPECT_NE(std::find(request.headers.begin(), request.headers.end(),
                      std::pair<std::string, std::string>{"Idempotency-Key", "khabar-digest-9"}),
            request.headers.end());
}

TEST(WebhookBodyTest, ASurgeNamesTheCountriesAndTheirReports) {
  auto m = digest();
  m.kind = MessageKind::kSurge;
  m.stories.resize(1);
  m.stories[0].reports.push_back(report(45, "Вербовка", "kun-uz", "UZ"));
  const auto body = nlohmann::json::parse(webhook_body(m, "json", "").body);
  EXPECT_EQ(body["kind"], "surge");
  EXPECT_EQ(body["countries"], nlohmann::json::array({"KG", "TJ", "UZ"}));
  EXPECT_EQ(body["reports"].size(), 3u);
  const auto matrix = nlohmann::json::parse(webhook_body(m, "matrix", "").body)["formatted_body"].get<std::string>();
  EXPECT_NE(matrix.find("</b><br>• <b>recruits</b>"), std::string::npos) << matrix;
  const auto slack = nlohmann::json::parse(webhook_body(m, "slack", "").body)["text"].get<std::string>();
  EXPECT_EQ(slack.rfind("Surge: Вербовка мигрантов — outlets in 3 countries (KG, TJ, UZ)", 0), 0u) << slack;
}

TEST(WebhookBodyTest, ChatTextIsCutAtAWholeLineToFitTheService) {
  auto m = digest();
  for (int i = 0; i < 100; ++i) m.stories[1].reports.push_back(report(100 + i, std::string(60, 'x'), "feed", "KZ"));
  const auto discord = nlohmann::json::parse(webhook_body(m, "discord", "").body)["content"].get<std::string>();
  EXPECT_LE(discord.size(), 2000u);
  EXPECT_NE(discord.find(" more"), std::string::npos);
  EXPECT_EQ(discord.substr(discord.size() - 5), " more");
  const auto shown = discord.substr(0, discord.rfind("\n… and "));
  const auto last_line = shown.substr(shown.rfind('\n') + 1);
  EXPECT_EQ(last_line.rfind("https://news.example/", 0), 0u) << "cut inside a report: " << last_line;
}

TEST_F(WebhookNotifierTest, MatrixTransactionIdGoesBeforeTheQuery) {
  testing::FakeHttpClient http;
  const std::string url = "https://matrix.example/_matrix/client/v3/rooms/!r/send/m.room.message?access_token=t";
  WebhookNotifier matrix(WebhookOptions{url, "matrix", "", "", std::chrono::seconds(5)}, http);
  (void)matrix.deliver(sample());
  EXPECT_EQ(http.requests().at(0).url,
            "https://matrix.example/_matrix/client/v3/rooms/!r/send/m.room.message/khabar-alert-42?access_token=t");
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

namespace khabar::alert {
namespace {

TEST(WebhookBodyTest, FeedTextCannotPingOrDisguiseALinkInChat) {
  auto m = sample();
  m.stories[0].reports[0].title = "<!channel> <https://evil.example|Azattyk> @everyone & co";
  const auto slack = nlohmann::json::parse(webhook_body(m, "slack", "").body)["text"].get<std::string>();
  EXPECT_EQ(slack.find("<!channel>"), std::string::npos) << slack;
  EXPECT_EQ(slack.find("<https://evil.example|"), std::string::npos) << slack;
  EXPECT_NE(slack.find("&lt;!channel&gt;"), std::string::npos);
  EXPECT_NE(slack.find("&amp; co"), std::string::npos);
  const auto discord = nlohmann::json::parse(webhook_body(m, "discord", "").body);
  EXPECT_EQ(discord["allowed_mentions"]["parse"], nlohmann::json::array());
}

TEST(WebhookBodyTest, OnlyWebLinksGoIntoAlerts) {
  auto m = sample();
  m.stories[0].reports[0].link = "javascript:alert(1)";
  for (const char* preset : {"json", "slack", "discord", "telegram", "matrix"}) {
    const auto body = webhook_body(m, preset, "1").body;
    EXPECT_EQ(body.find("javascript:"), std::string::npos) << preset << ": " << body;
  }
}

TEST(WebhookBodyTest, AnAlertCarriesEveryRuleItsGlossesAndItsReason) {
  auto m = sample();
  auto& r = m.stories[0].reports[0];
  r.rules = {"recruits", "deaths"};
  r.terms = {"каза болгон"};
  r.glosses = {{"каза болгон", "died", "погиб"}};
  r.reason = "A Central Asian recruited into Russia's war.";
  const auto json = nlohmann::json::parse(webhook_body(m, "json", "").body);
  EXPECT_EQ(json["rule"], "recruits");
  EXPECT_EQ(json["rules"], (nlohmann::json{"recruits", "deaths"}));
  EXPECT_EQ(json["glosses"]["каза болгон"], "died / погиб");
  EXPECT_EQ(json["reason"], "A Central Asian recruited into Russia's war.");
  for (const char* preset : {"slack", "discord", "telegram", "matrix"}) {
    const auto body = webhook_body(m, preset, "1").body;
    EXPECT_NE(body.find("died / погиб"), std::string::npos) << preset;
    EXPECT_NE(body.find("recruited into Russia"), std::string::npos) << preset;
  }
}

TEST(WebhookBodyTest, ATranslationGoesBesideTheItem) {
  auto m = sample();
  m.stories[0].reports[0].translation = Translation{"en", "Recruiting migrants", "Summary in English"};
  const auto json = nlohmann::json::parse(webhook_body(m, "json", "").body);
  EXPECT_EQ(json["item"]["translation"]["language"], "en");
  EXPECT_EQ(json["item"]["translation"]["title"], "Recruiting migrants");
  EXPECT_EQ(json["item"]["title"], "Вербовка мигрантов");
}

}  // namespace
}  // namespace khabar::alert

namespace khabar::alert {
namespace {

TEST_F(WebhookNotifierTest, ARedirectIsAFailedDeliveryThatSaysWhereItPointed) {
  fetch::HttpResponse moved;
  moved.status = 302;
  moved.location = "https://elsewhere.example/hook";
  http_.respond(kUrl, moved);
  const auto outcome = notifier_.deliver(sample());
  EXPECT_EQ(outcome.delivery, Delivery::kFailedPermanently);
  EXPECT_NE(outcome.detail.find("HTTP 302"), std::string::npos);
  EXPECT_NE(outcome.detail.find("https://elsewhere.example/hook"), std::string::npos) << outcome.detail;
  EXPECT_FALSE(http_.requests().at(0).follow_redirects);
}

}  // namespace
}  // namespace khabar::alert
