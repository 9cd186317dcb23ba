// The main text of an article page: what an item's link leads to, for
// feeds that carry only a headline. Pure: a page in, text out.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace khabar::parse {

// The article's paragraphs, subheadings and quotes in page order, one per
// line, whitespace folded. With `xpath` (the feed's xpath_article), the
// text of the first node it selects; else by text density: the element
// whose own paragraph children (p, h2-h4, blockquote; each mostly not link
// text) hold the most text, which leaves out navigation, footers, comment
// threads and related-story lists. Fails (kInvalidInput) when the page has
// no such text or the expression selects nothing.
Result<std::string> extract_article(std::string_view utf8_page, const std::string& xpath = "");

}  // namespace khabar::parse
