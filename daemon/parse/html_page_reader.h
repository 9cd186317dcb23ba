// Web pages without a feed, read with XPath 1.0 selectors as FreshRSS's
// "HTML + XPath" feeds are. Pure: a page in, items out.
#pragma once

#include <pugixml.hpp>
#include <string>

#include "parse/feed.h"
#include "util/result.h"

namespace khabar::parse {

// One item per node `selectors.item` selects, in page order; relative to
// it, `link` (resolved against the page URL) and the optional title (else
// the link's text), date (any form parse_date reads), summary and author.
// Items without a link are skipped. Fails (kInvalidInput) when an
// expression does not compile or `item` selects nothing, naming it.
Result<ParsedFeed> read_html_page(const pugi::xml_document& page, const std::string& page_url,
                                  const HtmlSelectors& selectors);

}  // namespace khabar::parse
