// JSON Feed 1.0 and 1.1 documents to feed values.
#pragma once

#include <string>
#include <string_view>

#include "parse/feed.h"
#include "util/result.h"

namespace khabar::parse {

// Fails when the text is not JSON or not a JSON Feed (no "version" naming
// jsonfeed.org).
Result<ParsedFeed> read_json_feed(std::string_view utf8, const std::string& document_url);

}  // namespace khabar::parse
