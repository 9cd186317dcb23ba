// HTML fragments to plain text with a real HTML5 parser (gumbo).
#pragma once

#include <string>
#include <string_view>

namespace khabar::parse {

// Plain text of an HTML fragment: entities decoded, script/style/template
// contents dropped, block elements separated by spaces, runs of whitespace
// (including no-break spaces) folded to one space, trimmed.
std::string html_to_text(std::string_view html);

// Folds runs of Unicode whitespace to one ASCII space and trims.
std::string fold_whitespace(std::string_view text);

}  // namespace khabar::parse
