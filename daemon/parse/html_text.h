// HTML fragments to plain text.
#pragma once

#include <string>
#include <string_view>

namespace khabar::parse {

// Plain text of an HTML fragment: entities decoded, script/style/template
// contents dropped, block elements separated by spaces, runs of whitespace
// (including no-break spaces) folded to one space, trimmed.
//
// Fragments made only of common tags (p, a, br, b, i, lists, headings...),
// well-formed entities and text are read by a small tokenizer; anything
// else goes to gumbo, a full HTML5 parser. Both give the same text: a
// differential test holds them to it.
std::string html_to_text(std::string_view html);

// The same, always through gumbo.
std::string html_to_text_with_gumbo(std::string_view html);

// Folds runs of Unicode whitespace to one ASCII space and trims.
std::string fold_whitespace(std::string_view text);

}  // namespace khabar::parse
