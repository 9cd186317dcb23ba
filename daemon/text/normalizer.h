// Text normalization shared by the matcher and the archive's search index,
// so a rule and a search treat "Ўзбекистон", "ЎЗБЕКИСТОН" and
// "ўзбекистон" alike. ICU lives behind this header.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace khabar::text {

// One word of normalized text and its position (0-based word index).
struct Token {
  std::string text;
  int position = 0;
};

// NFKC with full Unicode case folding (ICU's NFKC_Casefold, which also drops
// default-ignorable code points such as soft hyphens), then ё→е.
// Invalid UTF-8 sequences become U+FFFD. Thread-safe.
std::string normalize(std::string_view utf8);

// Splits normalized text into words by ICU word boundaries (UAX #29), keeping
// letters and numbers, dropping punctuation and spaces. The input is
// normalized first, so callers pass raw text. Thread-safe.
std::vector<Token> tokenize(std::string_view utf8);

// Normalized words joined by single spaces: what the search index stores.
std::string index_form(std::string_view utf8);

}  // namespace khabar::text
