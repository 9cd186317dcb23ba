// HTML fragments to plain text.
#pragma once

#include <string>
#include <string_view>

namespace khabar::parse {

// Plain text of an HTML fragment: entities decoded, script/style/template
// contents dropped, block elements separated by spaces, runs of ASCII
// whitespace folded to one space, trimmed. Other spaces (no-break, en, em,
// thin) are kept as the document has them: folding them is matching's job.
//
// Fragments made only of common tags (p, a, br, b, i, lists, headings...),
// well-formed entities and text are read by a small tokenizer; anything
// else goes to gumbo, a full HTML5 parser. Both give the same text: a
// differential test holds them to it.
//
// Fragments too large, too deeply nested or with too many tags for gumbo's
// memory to stay within a small multiple of their size are stripped of tags
// instead (linear time); `stripped`, when given, is then set to true.
std::string html_to_text(std::string_view html, bool* stripped = nullptr);

// The same, always through gumbo (within the same bounds).
std::string html_to_text_with_gumbo(std::string_view html, bool* stripped = nullptr);

// Folds runs of ASCII whitespace to one space and trims.
std::string fold_whitespace(std::string_view text);

// True when `text` is empty or only whitespace: what fold_whitespace turns
// into "", told without building it.
bool is_blank(std::string_view text);

}  // namespace khabar::parse
