#include "alert/webhook_body.h"

#include <nlohmann/json.hpp>

#include "util/json_nullable.h"

namespace khabar::alert {
namespace {

using Json = nlohmann::ordered_json;


Json khabar_json(const AlertMessage& m) {
  return {{"id", m.id},
          {"rule", m.rule},
          {"terms", m.terms},
          {"feed", m.feed},
          {"item",
           {{"title", nullable(m.title)},
            {"link", nullable(m.link)},
            {"summary", nullable(m.summary)},
            {"language", nullable(m.language)},
            {"published", m.published ? Json(format_rfc3339(*m.published)) : Json(nullptr)}}}};
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

std::string alert_line(const AlertMessage& m) {
  return "[" + m.rule + "] " + m.title.value_or("(untitled)") + " — " + m.feed +
         (m.language ? " (" + *m.language + ")" : "");
}

WebhookBody webhook_body(const AlertMessage& m, const std::string& preset, const std::string& chat_id) {
  const auto link = m.link.value_or("");
  if (preset == "slack") return {"POST", Json{{"text", alert_line(m) + (link.empty() ? "" : "\n<" + link + ">")}}.dump()};
  if (preset == "discord") return {"POST", Json{{"content", alert_line(m) + (link.empty() ? "" : "\n" + link)}}.dump()};
  if (preset == "telegram") {
    const auto html = "<b>" + html_escape(m.rule) + "</b>: " +
                      (link.empty() ? html_escape(m.title.value_or("")) : "<a href=\"" + html_escape(link) + "\">" + html_escape(m.title.value_or(link)) + "</a>") +
                      " — " + html_escape(m.feed);
    return {"POST", Json{{"chat_id", chat_id}, {"text", html}, {"parse_mode", "HTML"}}.dump()};
  }
  if (preset == "matrix") {
    // PUT /_matrix/client/v3/rooms/{room}/send/m.room.message/{txnId}: the
    // channel URL names the room and the transaction (khabar appends the alert id).
    const auto html = "<b>" + html_escape(m.rule) + "</b>: <a href=\"" + html_escape(link) + "\">" +
                      html_escape(m.title.value_or(link)) + "</a> — " + html_escape(m.feed);
    return {"PUT", Json{{"msgtype", "m.text"}, {"body", alert_line(m) + (link.empty() ? "" : " " + link)},
                        {"format", "org.matrix.custom.html"}, {"formatted_body", html}}.dump()};
  }
  return {"POST", khabar_json(m).dump()};
}

}  // namespace khabar::alert
