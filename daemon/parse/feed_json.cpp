#include "parse/feed_json.h"

#include "util/json_nullable.h"

namespace khabar::parse {
namespace {

using Json = nlohmann::ordered_json;

Json time_or_null(const std::optional<UnixTime>& time) { return time ? Json(format_rfc3339(*time)) : Json(nullptr); }

Json item_json(const Item& item) {
  Json enclosures = Json::array();
  for (const auto& e : item.enclosures) {
    enclosures.push_back({{"url", e.url}, {"type", nullable(e.type)}, {"length", nullable(e.length)}});
  }
  Json preview = nullptr;
  if (const auto& p = item.link_preview) {
    preview = {{"url", p->url},
               {"site", nullable(p->site)},
               {"title", nullable(p->title)},
               {"description", nullable(p->description)}};
  }
  return {{"id", nullable(item.id)},
          {"title", nullable(item.title)},
          {"link", nullable(item.link)},
          {"published", time_or_null(item.published)},
          {"updated", time_or_null(item.updated)},
          {"author", nullable(item.author)},
          {"summary", nullable(item.summary)},
          {"content", nullable(item.content)},
          {"categories", item.categories},
          {"enclosures", enclosures},
          {"language", nullable(item.language)},
          {"forwarded_from", nullable(item.forwarded_from)},
          {"link_preview", preview}};
}

}  // namespace

nlohmann::ordered_json to_json(const ParsedFeed& parsed) {
  const auto& f = parsed.feed;
  Json items = Json::array();
  for (const auto& item : parsed.items) items.push_back(item_json(item));
  return {{"feed",
           {{"title", nullable(f.title)},
            {"link", nullable(f.link)},
            {"subtitle", nullable(f.subtitle)},
            {"language", nullable(f.language)},
            {"updated", time_or_null(f.updated)},
            {"format", f.format},
            {"version", f.version},
            {"older_page", nullable(f.older_page)}}},
          {"items", items},
          {"encoding", parsed.encoding},
          {"bozo", parsed.bozo},
          {"error", nullable(parsed.error)}};
}

}  // namespace khabar::parse
