#include "alert/webhook_body.h"

#include <nlohmann/json.hpp>

#include "alert/message_text.h"
#include "util/json_nullable.h"
#include "util/json_text.h"
#include "util/url.h"

namespace khabar::alert {
namespace {

using Json = nlohmann::ordered_json;

// What each service takes in one message (bytes), with room to spare.
constexpr size_t kDiscordLimit = 1900;
constexpr size_t kTelegramLimit = 3800;
constexpr size_t kChatLimit = 12000;

Json translation_json(const Report& r) {
  if (!r.translation) return nullptr;
  return {{"language", r.translation->language},
          {"title", nullable(r.translation->title)},
          {"summary", nullable(r.translation->summary)}};
}

Json item_json(const Report& r) {
  const bool web_link = r.link && is_http_url(*r.link);  // only web links go into an alert
  return {{"title", nullable(r.title)},
          {"link", web_link ? Json(*r.link) : Json(nullptr)},
          {"summary", nullable(r.summary)},
          {"language", nullable(r.language)},
          {"published", r.published ? Json(format_rfc3339(*r.published)) : Json(nullptr)},
          {"translation", translation_json(r)},
          {"untranslated", nullable(r.untranslated)}};
}

// {"каза болгон": "died / погиб"}.
Json glosses_json(const Report& r) {
  Json out = Json::object();
  for (const auto& g : r.glosses) out[g.term] = g.en + " / " + g.ru;
  return out;
}

Json rules_json(const Report& r) { return r.rules.empty() ? Json::array({r.rule}) : Json(r.rules); }

Json report_json(const Report& r) {
  return {{"alert", r.alert_id},    {"rule", r.rule},
          {"rules", rules_json(r)}, {"reason", r.reason},
          {"terms", r.terms},       {"glosses", glosses_json(r)},
          {"feed", r.feed},         {"country", nullable(r.country)},
          {"item", item_json(r)}};
}

Json story_json(const StoryReports& story) {
  Json reports = Json::array();
  for (const auto& r : story.reports) reports.push_back(report_json(r));
  return {{"story", nullable(story.story)}, {"reports", reports}};
}

Json khabar_json(const AlertMessage& m) {
  if (m.kind == MessageKind::kAlert) {
    const auto& r = m.lead();
    return {{"kind", "alert"},
            {"id", m.id},
            {"story", nullable(m.stories.front().story)},
            {"rule", r.rule},
            {"rules", rules_json(r)},
            {"reason", r.reason},
            {"terms", r.terms},
            {"glosses", glosses_json(r)},
            {"feed", r.feed},
            {"country", nullable(r.country)},
            {"item", item_json(r)}};
  }
  if (m.kind == MessageKind::kSurge) {
    const auto story = story_json(m.stories.front());
    return {{"kind", "surge"},
            {"id", m.id},
            {"story", story["story"]},
            {"countries", m.countries()},
            {"reports", story["reports"]}};
  }
  Json stories = Json::array();
  for (const auto& story : m.stories) stories.push_back(story_json(story));
  return {{"kind", "digest"}, {"id", m.id}, {"stories", stories}};
}

// Matrix renders formatted_body as HTML, where newlines are only spaces
// (Telegram's HTML mode, on the contrary, takes newlines and no <br>).
std::string line_breaks(const std::string& html) {
  std::string out;
  for (const char c : html) out += c == '\n' ? std::string("<br>") : std::string(1, c);
  return out;
}

}  // namespace

WebhookBody webhook_body(const AlertMessage& m, const std::string& preset, const std::string& chat_id) {
  if (preset == "slack") return {"POST", json_text(Json{{"text", chat_text(m, kChatLimit, ChatMarkup::kSlack)}})};
  if (preset == "discord") {
    // No @everyone, @here or role pings from a feed's text.
    return {"POST", json_text(Json{{"content", chat_text(m, kDiscordLimit, ChatMarkup::kPlain)},
                                   {"allowed_mentions", {{"parse", Json::array()}}}})};
  }
  if (preset == "telegram") {
    return {"POST", json_text(Json{{"chat_id", chat_id},
                                   {"text", chat_text(m, kTelegramLimit, ChatMarkup::kHtml)},
                                   {"parse_mode", "HTML"}})};
  }
  if (preset == "matrix") {
    // PUT /_matrix/client/v3/rooms/{room}/send/m.room.message/{txnId}: the
    // channel URL names the room and the transaction (khabar appends the message's key).
    return {"PUT", json_text(Json{{"msgtype", "m.text"},
                                  {"body", chat_text(m, kChatLimit, ChatMarkup::kPlain)},
                                  {"format", "org.matrix.custom.html"},
                                  {"formatted_body", line_breaks(chat_text(m, kChatLimit, ChatMarkup::kHtml))}})};
  }
  return {"POST", json_text(khabar_json(m))};
}

}  // namespace khabar::alert
