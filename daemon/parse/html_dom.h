// Web pages as a tree that XPath 1.0 can query. gumbo parses the page the
// way a browser does (implied elements, unclosed tags, bad nesting); the
// tree is copied into a pugixml document, whose XPath engine the page
// readers use. This module is the only place that turns HTML into a DOM.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "util/result.h"

namespace khabar::parse {

struct HtmlLimits {
  std::size_t max_bytes = 16 * 1024 * 1024;
  int max_depth = 256;             // deeper elements are flattened into their ancestor at this depth
  int max_estimated_depth = 4096;  // a page whose tags nest deeper than this is refused before parsing
  unsigned max_errors = 64;        // gumbo keeps this many parse errors (each one copies the open elements)
};

// The page as a pugixml document: element names in lower case, attributes
// as written, text as PCDATA; comments, <script>, <style> and <template>
// are dropped. Fails (kInvalidInput) when the page is over the limits.
Result<std::unique_ptr<pugi::xml_document>> parse_html(std::string_view utf8, const HtmlLimits& limits = {});

// Why an XPath 1.0 expression does not compile, or nullopt when it does.
std::optional<std::string> xpath_error(const std::string& expression);

// XPath for "has the class token NAME" (class="a NAME b"), the way CSS
// selectors mean `.NAME`.
std::string has_class(std::string_view name);

// The text of a node: a text node's value, an attribute's value, or the
// concatenated text of an element's descendants.
std::string node_text(const pugi::xpath_node& node);

}  // namespace khabar::parse
