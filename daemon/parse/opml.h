// OPML feed lists: importing the subscriptions of a feed reader and exporting
// khabar's own. Pure: bytes in, values out; no I/O.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace khabar::parse {

struct OpmlFeed {
  std::string url;                      // xmlUrl, absolute http(s)
  std::string title;                    // text attribute, else title; may be empty
  std::optional<std::string> site;      // htmlUrl, when an absolute http(s) URL
  std::optional<std::string> language;  // language attribute, when present
  // The enclosing folders (outermost first), then the parts of the category
  // attribute split on ',' and '/'. Trimmed, without empties or repeats.
  std::vector<std::string> categories;

  bool operator==(const OpmlFeed&) const = default;
};

struct OpmlDocument {
  std::string title;                 // <head><title>, may be empty
  std::vector<OpmlFeed> feeds;       // in document order, one per URL
  std::vector<std::string> skipped;  // "line N: \"title\": reason", one per entry left out
};

// Larger documents are refused: no feed list comes near this.
inline constexpr std::size_t kMaxOpmlBytes = 16u << 20;

// Outlines nested deeper than this (counting from <body>) are skipped.
inline constexpr int kMaxOpmlDepth = 32;

// Parses OPML 1.0, 1.1 or 2.0 in any charset (decoded like a feed: BOM, XML
// declaration, then detection). Every <outline> with an xmlUrl is a feed when
// its type is "rss", "atom" or absent (case-insensitive, as are attribute
// names); outlines without one are folders whose text names a category.
// Entries that cannot be imported (no xmlUrl, one that is not an absolute
// http(s) URL, another type, too deep, a repeated URL) are listed in
// `skipped` with the reason; the first of several entries with the same URL
// (compared with scheme and host lower-cased) is kept.
// Fails (kInvalidInput) when the input is empty, over kMaxOpmlBytes, an HTML
// page, not well-formed XML (the message gives line and column), or a
// document whose root is not <opml>. Thread-safe.
Result<OpmlDocument> parse_opml(std::string_view bytes);

// Writes an OPML 2.0 document, UTF-8, indented by two spaces: <head> with
// `title` and, only when `date_created` (RFC 822) is non-empty, <dateCreated>;
// then one <outline type="rss" text title xmlUrl [htmlUrl] [language]> per
// feed. Feeds with categories go into a folder outline named after the first
// one, placed where its first feed is; the other categories go in a category
// attribute. So parse_opml(write_opml(t, feeds)) gives back `feeds` when they
// are in parse_opml form (trimmed, unique URLs, absolute site), no category
// contains ',' or '/', and feeds sharing a first category are adjacent (else
// they come back grouped). Strings must be UTF-8; control characters XML
// cannot carry (all but tab, LF, CR) are dropped. Thread-safe.
std::string write_opml(const std::string& title, const std::vector<OpmlFeed>& feeds,
                       std::string_view date_created = {});

}  // namespace khabar::parse
