#include "parse/json_feed_reader.h"

#include <nlohmann/json.hpp>

#include "parse/date_parser.h"
#include "parse/html_text.h"
#include "util/url.h"

namespace khabar::parse {
namespace {

using Json = nlohmann::json;

std::optional<std::string> string_at(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  auto text = fold_whitespace(it->get<std::string>());
  if (text.empty()) return std::nullopt;
  return text;
}

std::optional<std::string> author_of(const Json& object) {
  if (auto it = object.find("authors"); it != object.end() && it->is_array() && !it->empty()) {
    return string_at(it->front(), "name");
  }
  if (auto it = object.find("author"); it != object.end() && it->is_object()) return string_at(*it, "name");
  return std::nullopt;
}

Item read_item(const Json& entry, const std::string& base) {
  Item item;
  item.id = string_at(entry, "id");
  if (auto it = entry.find("id"); !item.id && it != entry.end() && it->is_number_integer()) {
    item.id = std::to_string(it->get<long long>());
  }
  if (auto url = string_at(entry, "url")) item.link = resolve_url(base, *url);
  if (!item.id) item.id = item.link;
  if (auto title = string_at(entry, "title")) item.title = html_to_text(*title);  // folded already
  if (auto date = string_at(entry, "date_published")) item.published = parse_date(*date);
  if (auto date = string_at(entry, "date_modified")) item.updated = parse_date(*date);
  item.author = author_of(entry);
  if (auto html = entry.find("content_html"); html != entry.end() && html->is_string()) {
    item.content = html->get<std::string>();
  }
  if (auto summary = string_at(entry, "summary"))
    item.summary = summary;
  else if (item.content)
    item.summary = html_to_text(*item.content);
  else if (auto text = string_at(entry, "content_text"))
    item.summary = text;
  if (item.summary && item.summary->empty()) item.summary.reset();
  if (auto tags = entry.find("tags"); tags != entry.end() && tags->is_array()) {
    for (const auto& tag : *tags) {
      if (tag.is_string()) item.categories.push_back(tag.get<std::string>());
    }
  }
  if (auto files = entry.find("attachments"); files != entry.end() && files->is_array()) {
    for (const auto& file : *files) {
      if (!file.is_object()) continue;
      auto url = string_at(file, "url");
      if (!url) continue;
      std::optional<std::int64_t> length;
      if (auto size = file.find("size_in_bytes"); size != file.end() && size->is_number_integer()) {
        length = size->get<std::int64_t>();
      }
      item.enclosures.push_back({resolve_url(base, *url), string_at(file, "mime_type"), length});
    }
  }
  item.language = string_at(entry, "language");
  return item;
}

}  // namespace

Result<ParsedFeed> read_json_feed(std::string_view utf8, const std::string& document_url) {
  const auto json = Json::parse(utf8.begin(), utf8.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return make_error(ErrorKind::kInvalidInput, "not well-formed JSON");
  const auto version = string_at(json, "version").value_or("");
  if (version.find("jsonfeed.org/version/") == std::string::npos) {
    return make_error(ErrorKind::kInvalidInput, "not a feed: JSON without a jsonfeed.org version");
  }
  ParsedFeed out;
  out.feed.format = version.find("/version/1.1") != std::string::npos ? "json11" : "json10";
  out.feed.title = string_at(json, "title");
  out.feed.link = string_at(json, "home_page_url");
  out.feed.subtitle = string_at(json, "description");
  out.feed.language = string_at(json, "language");
  const auto base = out.feed.link.value_or(document_url);
  if (auto items = json.find("items"); items != json.end() && items->is_array()) {
    for (const auto& entry : *items) {
      if (entry.is_object()) out.items.push_back(read_item(entry, base));
    }
  }
  return out;
}

}  // namespace khabar::parse
