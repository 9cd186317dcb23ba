// RSS (0.9x, 1.0, 2.0) and Atom (0.3, 1.0) documents to feed values.
#pragma once

#include <string>
#include <string_view>

#include "parse/feed.h"
#include "util/result.h"

namespace khabar::parse {

// Parses UTF-8 XML. `document_url` resolves relative links. Fails when the
// XML cannot be read or its root is not a known feed element.
Result<ParsedFeed> read_xml_feed(std::string_view utf8, const std::string& document_url);

}  // namespace khabar::parse
