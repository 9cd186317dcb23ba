// Feed documents to items. Pure: bytes in, values out; no I/O.
#pragma once

#include <string_view>

#include "parse/feed.h"
#include "util/result.h"

namespace khabar::parse {

// Decodes `bytes` to UTF-8 and parses RSS 2.0 or Atom 1.0 (detected from the
// content). Fails with kInvalidInput when the input is empty, over
// options.max_bytes, not XML, or not a feed. Recoverable defects set bozo.
// Thread-safe.
Result<ParsedFeed> parse_feed(std::string_view bytes, const ParseOptions& options = {});

}  // namespace khabar::parse
