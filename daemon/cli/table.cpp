#include "cli/table.h"

#include <nlohmann/json.hpp>

namespace khabar::cli {
namespace {

size_t char_count(const std::string& s) {
  size_t count = 0;
  for (const unsigned char c : s) count += (c & 0xC0) != 0x80;
  return count;
}

}  // namespace

std::string fit(const std::string& s, size_t width) {
  if (char_count(s) <= width) return s + std::string(width - char_count(s), ' ');
  std::string out;
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool starts_char = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (starts_char && ++count > width - 1) break;
    out += s[i];
  }
  return out + "…";
}

namespace {

std::string date_of(const store::SearchHit& hit) {
  return format_rfc3339(hit.item.published.value_or(hit.fetched)).substr(0, 10);
}

}  // namespace

std::string search_hits_table(const std::vector<store::SearchHit>& hits) {
  if (hits.empty()) return "no items found\n";
  std::string out = fit("DATE", 10) + "  " + fit("FEED", 16) + "  " + fit("TITLE", 60) + "  LINK\n";
  for (const auto& hit : hits) {
    out += date_of(hit) + "  " + fit(hit.feed_name, 16) + "  " + fit(hit.item.title.value_or("(untitled)"), 60) +
           "  " + hit.item.link.value_or("") + "\n";
  }
  return out;
}

std::string search_hits_json(const std::vector<store::SearchHit>& hits) {
  std::string out;
  for (const auto& hit : hits) {
    nlohmann::ordered_json line{{"id", hit.item_id},
                                {"feed", hit.feed_name},
                                {"title", hit.item.title.value_or("")},
                                {"link", hit.item.link.value_or("")},
                                {"published", hit.item.published ? format_rfc3339(*hit.item.published) : ""},
                                {"language", hit.item.language.value_or("")}};
    out += line.dump() + "\n";
  }
  return out;
}

}  // namespace khabar::cli
