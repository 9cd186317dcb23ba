#include "cli/search_output.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "cli/table.h"
#include "text/normalizer.h"
#include "util/json_text.h"

namespace khabar::cli {
namespace {

UnixTime when(const store::SearchHit& hit) { return hit.item.published.value_or(hit.fetched); }

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

namespace {

struct Chunk {
  std::string_view text;  // as published, punctuation included
  bool matched = false;
};

bool is_word_byte(unsigned char c) { return c >= 0x80 || std::isalnum(c); }

// The text split at spaces, each piece marked when one of its words is wanted.
std::vector<Chunk> chunks(std::string_view text, const std::set<std::string>& wanted) {
  std::vector<Chunk> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start) break;
    Chunk chunk{text.substr(start, i - start), false};
    for (const auto& token : text::tokenize(chunk.text).tokens)
      chunk.matched = chunk.matched || wanted.count(token.text) > 0;
    out.push_back(chunk);
  }
  return out;
}

// "«Вагнер»," with its word marked: «[Вагнер]»,
std::string marked(std::string_view chunk) {
  size_t first = 0, last = chunk.size();
  while (first < last && !is_word_byte(static_cast<unsigned char>(chunk[first]))) ++first;
  while (last > first && !is_word_byte(static_cast<unsigned char>(chunk[last - 1]))) --last;
  return std::string(chunk.substr(0, first)) + "[" + std::string(chunk.substr(first, last - first)) + "]" +
         std::string(chunk.substr(last));
}

}  // namespace

std::string snippet(const Found& found, size_t words) {
  const auto& item = found.hit.item;
  std::set<std::string> wanted;
  for (const auto& term : found.terms) {
    for (const auto& token : text::tokenize(term).tokens) wanted.insert(token.text);
  }
  // The summary, else the content, where a matched word is; the title's start when none has one.
  std::vector<Chunk> pieces;
  for (const auto* field : {&item.summary, &item.content, &item.title}) {
    if (!*field || (*field)->empty()) continue;
    auto candidate = chunks(**field, wanted);
    const bool has_match = std::any_of(candidate.begin(), candidate.end(), [](const Chunk& c) { return c.matched; });
    if (pieces.empty() || has_match) pieces = std::move(candidate);
    if (has_match) break;
  }
  const auto first = std::find_if(pieces.begin(), pieces.end(), [](const Chunk& c) { return c.matched; });
  const size_t at = first == pieces.end() ? 0 : static_cast<size_t>(first - pieces.begin());
  const size_t start = at > words / 3 ? at - words / 3 : 0;
  std::string out = start > 0 ? "…" : "";
  for (size_t i = start; i < pieces.size() && i < start + words; ++i) {
    out += (i > start ? " " : "") + (pieces[i].matched ? marked(pieces[i].text) : std::string(pieces[i].text));
  }
  if (start + words < pieces.size()) out += " …";
  return out;
}

std::string found_table(const std::vector<Found>& found) {
  if (found.empty()) return "no items found\n";
  std::string out;
  for (const auto& f : found) {
    const auto& h = f.hit;
    out += format_rfc3339(when(h)).substr(0, 10) + "  " + fit(h.feed_name, 16) + "  " +
           fit(h.item.title.value_or("(untitled)"), 70) + "\n" + std::string(12, ' ') + h.item.link.value_or("") +
           (h.story_id ? "  (story " + std::to_string(*h.story_id) + ")" : "") +
           (h.item.removed_at ? "  REMOVED from the feed " + format_rfc3339(*h.item.removed_at) : "") + "\n" +
           std::string(12, ' ') + snippet(f) + "\n";
  }
  return out;
}

namespace {

nlohmann::ordered_json found_object(const Found& f) {
  const auto& h = f.hit;
  nlohmann::ordered_json line{{"id", h.item_id},
                              {"feed", h.feed_name},
                              {"title", h.item.title.value_or("")},
                              {"link", h.item.link.value_or("")},
                              {"published", h.item.published ? format_rfc3339(*h.item.published) : ""},
                              {"language", h.item.language.value_or("")},
                              {"story", h.story_id ? nlohmann::ordered_json(*h.story_id) : nlohmann::ordered_json()},
                              {"removed", h.item.removed_at ? nlohmann::ordered_json(format_rfc3339(*h.item.removed_at))
                                                            : nlohmann::ordered_json()},
                              {"terms", f.terms}};
  if (h.translation) {
    line["translation"] = {
        {"language", h.translation->language},
        {"title", h.translation->title ? nlohmann::ordered_json(*h.translation->title) : nlohmann::ordered_json()},
        {"summary",
         h.translation->summary ? nlohmann::ordered_json(*h.translation->summary) : nlohmann::ordered_json()}};
  } else {
    line["translation"] = nullptr;
  }
  return line;
}

}  // namespace

std::string found_json_lines(const std::vector<Found>& found) {
  std::string out;
  for (const auto& f : found) out += json_text(found_object(f)) + "\n";
  return out;
}

std::string found_json(const std::vector<Found>& found) {
  auto all = nlohmann::ordered_json::array();
  for (const auto& f : found) all.push_back(found_object(f));
  return json_text(all) + "\n";
}

std::string found_csv(const std::vector<Found>& found) {
  std::string out = "id,date,feed,language,story,title,link\r\n";
  for (const auto& f : found) {
    const auto& h = f.hit;
    out += std::to_string(h.item_id) + "," + format_rfc3339(when(h)) + "," + csv_field(h.feed_name) + "," +
           csv_field(h.item.language.value_or("")) + "," + (h.story_id ? std::to_string(*h.story_id) : "") + "," +
           csv_field(h.item.title.value_or("")) + "," + csv_field(h.item.link.value_or("")) + "\r\n";
  }
  return out;
}

std::string found_atom(const std::vector<Found>& found, const std::string& query, UnixTime now) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  auto feed = doc.append_child("feed");
  feed.append_attribute("xmlns") = "http://www.w3.org/2005/Atom";
  feed.append_child("title").text() = ("khabar: " + query).c_str();
  feed.append_child("id").text() = ("urn:khabar:search:" + query).c_str();
  feed.append_child("updated").text() = format_rfc3339(now).c_str();
  for (const auto& f : found) {
    const auto& h = f.hit;
    auto entry = feed.append_child("entry");
    entry.append_child("title").text() = h.item.title.value_or("(untitled)").c_str();
    entry.append_child("id").text() = ("urn:khabar:item:" + std::to_string(h.item_id)).c_str();
    if (h.item.link) {
      auto link = entry.append_child("link");
      link.append_attribute("href") = h.item.link->c_str();
    }
    entry.append_child("updated").text() = format_rfc3339(when(h)).c_str();
    entry.append_child("author").append_child("name").text() = h.feed_name.c_str();
    if (h.item.summary) entry.append_child("summary").text() = h.item.summary->c_str();
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace khabar::cli
