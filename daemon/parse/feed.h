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

struct Item {
  std::optional<std::string> id;        // GUID / Atom id, trimmed; else the link
  std::optional<std::string> title;     // plain text
  std::optional<std::string> link;      // absolute
  std::optional<UnixTime> published;
  std::optional<UnixTime> updated;
  std::optional<std::string> author;
  std::optional<std::string> summary;   // plain text
  std::optional<std::string> content;   // HTML as published
  std::vector<std::string> categories;
  std::vector<Enclosure> enclosures;
  std::optional<std::string> language;
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
};

struct ParsedFeed {
  FeedInfo feed;
  std::vector<Item> items;
  std::string encoding;              // charset the bytes were decoded from
  bool bozo = false;                 // the document needed recovery
  std::optional<std::string> error;  // why, when bozo
};

struct ParseOptions {
  std::string content_type;  // HTTP Content-Type, when fetched
  std::string url;           // the document's URL, for relative links
  std::size_t max_bytes = 16 * 1024 * 1024;
};

}  // namespace khabar::parse
