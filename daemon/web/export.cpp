#include "web/export.h"

#include <nlohmann/json.hpp>

#include "util/json_nullable.h"
#include "util/json_text.h"
#include "web/html.h"

namespace khabar::web {
namespace {

UnixTime when(const store::SearchHit& hit) { return hit.item.published.value_or(hit.fetched); }

std::string csv_field(const std::string& text) {
  // A leading =, +, - or @ would be a formula to a spreadsheet.
  const bool formula = !text.empty() && std::string("=+-@").find(text[0]) != std::string::npos;
  const auto safe = formula ? "'" + text : text;
  if (safe.find_first_of(",\"\r\n") == std::string::npos) return safe;
  std::string out = "\"";
  for (const char c : safe) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

}  // namespace

std::string results_csv(const std::vector<SearchResult>& results) {
  std::string out = "id,date,feed,language,story,title,link,terms,triage\r\n";
  for (const auto& r : results) {
    const auto& h = r.hit;
    out += std::to_string(h.item_id) + "," + format_rfc3339(when(h)) + "," + csv_field(h.feed_name) + "," +
           csv_field(h.item.language.value_or("")) + "," + (h.story_id ? std::to_string(*h.story_id) : "") + "," +
           csv_field(h.item.title.value_or("")) + "," + csv_field(h.item.link.value_or("")) + "," +
           csv_field(join(r.terms)) + "," + csv_field(r.label) + "\r\n";
  }
  return out;
}

std::string results_json(const std::vector<SearchResult>& results) {
  auto list = nlohmann::ordered_json::array();
  for (const auto& r : results) {
    const auto& h = r.hit;
    list.push_back({{"id", h.item_id},
                    {"feed", h.feed_name},
                    {"title", nullable(h.item.title)},
                    {"link", nullable(h.item.link)},
                    {"date", format_rfc3339(when(h))},
                    {"language", nullable(h.item.language)},
                    {"story", nullable(h.story_id)},
                    {"terms", r.terms},
                    {"triage", r.label.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.label)}});
  }
  return json_text(list, 1) + "\n";
}

std::string results_atom(const std::vector<SearchResult>& results, const std::string& title, UnixTime now) {
  Html xml;
  xml.raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
  xml.open("feed", {{"xmlns", "http://www.w3.org/2005/Atom"}});
  xml.element("title", "khabar: " + title).element("id", "urn:khabar:search:" + title);
  xml.element("updated", format_rfc3339(now));
  for (const auto& r : results) {
    const auto& h = r.hit;
    xml.open("entry").element("title", h.item.title.value_or("(untitled)"));
    xml.element("id", "urn:khabar:item:" + std::to_string(h.item_id));
    if (h.item.link) xml.open("link", {{"href", *h.item.link}}).close();
    xml.element("updated", format_rfc3339(when(h)));
    xml.open("author").element("name", h.feed_name).close();
    if (h.item.summary) xml.element("summary", *h.item.summary);
    xml.close();
  }
  return xml.take().str();
}

}  // namespace khabar::web
