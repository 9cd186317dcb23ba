// What a parsed feed is: the values `khabar parse` prints and the daemon stores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/time_format.h"

namespace khabar::parse {

struct Enclosure {
  std::string url;
  std::optional<std::string> type;
  std::optional<std::int64_t> length;
};

// A Telegram post's preview of the page it links to.
struct LinkPreview {
  std::string url;
  std::optional<std::string> site;
  std::optional<std::string> title;
  std::optional<std::string> description;
};

struct Item {
  std::optional<std::string> id;     // GUID / Atom id, trimmed; else the link
  std::optional<std::string> title;  // plain text
  std::optional<std::string> link;   // absolute
  std::optional<UnixTime> published;
  std::optional<UnixTime> updated;
  std::optional<std::string> author;
  std::optional<std::string> summary;  // plain text
  std::optional<std::string> content;  // HTML as published
  std::vector<std::string> categories;
  std::vector<Enclosure> enclosures;
  std::optional<std::string> language;
  // Telegram posts: the channel a post was forwarded from, and its link preview.
  std::optional<std::string> forwarded_from;
  std::optional<LinkPreview> link_preview;
};

struct FeedInfo {
  std::optional<std::string> title;
  std::optional<std::string> link;
  std::optional<std::string> subtitle;
  std::optional<std::string> language;
  std::optional<UnixTime> updated;
  std::string format;   // "rss20", "atom10", ...
  std::string version;  // feedparser's finer label: "rss091n", "rss091u", "rss" (undeclared), "cdf", ...
  // Caching hints for the scheduler (not part of the JSON contract).
  std::optional<int> ttl_minutes;  // RSS <ttl>
  std::vector<int> skip_hours;     // RSS <skipHours>, UTC
  // Paged sources (Telegram): the page holding the posts before these.
  std::optional<std::string> older_page;
};

struct ParsedFeed {
  FeedInfo feed;
  std::vector<Item> items;
  std::string encoding;              // charset the bytes were decoded from
  bool bozo = false;                 // the document needed recovery
  std::optional<std::string> error;  // why, when bozo
};

// What kind of document a source serves. kAuto tells feeds (RSS, Atom, JSON
// Feed) and Telegram preview pages apart from their content; an HTML page
// without a feed needs its selectors, so it is never guessed.
enum class SourceKind { kAuto, kTelegram, kHtml };

// XPath 1.0 expressions that find the news on a page without a feed: `item`
// selects each item; the others are evaluated relative to it.
struct HtmlSelectors {
  std::string item;
  std::string link;
  std::string title;       // optional: the link's text when empty
  std::string date;        // optional
  std::string summary;     // optional
  std::string author;      // optional
  std::string utc_offset;  // optional, "+05:00": the page's local time, for dates written without a zone
};

struct ParseOptions {
  std::string content_type;  // HTTP Content-Type, when fetched
  std::string url;           // the document's URL, for relative links
  std::size_t max_bytes = 16 * 1024 * 1024;
  SourceKind kind = SourceKind::kAuto;
  HtmlSelectors selectors = {};  // kHtml
};

}  // namespace khabar::parse
