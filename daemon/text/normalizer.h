// Text normalization shared by the matcher and the archive's search index,
// so a rule and a search treat "Ўзбекистон", "ЎЗБЕКИСТОН" and
// "ўзбекистон" alike. ICU lives behind this header.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace khabar::text {

// One word of text: `text` is what matching and search compare (normalized,
// then script-folded: "Ўзбекистон" → "ozbekiston"); [start, end) locates the
// word in the normalized text, for showing it as written.
struct Token {
  std::string text;
  int position = 0;
  int start = 0;
  int end = 0;
};

struct TokenizedText {
  std::u16string normalized;  // NFKC_Casefold, ё→е
  std::vector<Token> tokens;
  // The token as written, normalized but not folded ("ўзбекистон").
  std::string surface(const Token& token) const;
  // The same appended to `out`.
  void append_surface(const Token& token, std::string& out) const;
};

// NFKC with full Unicode case folding (ICU's NFKC_Casefold, which also drops
// default-ignorable code points such as soft hyphens), then ё→е.
// Invalid UTF-8 sequences become U+FFFD. Thread-safe.
std::string normalize(std::string_view utf8);

// Splits text into words by ICU word boundaries (UAX #29), keeping letters
// and numbers, dropping punctuation and spaces, and folds each word with
// text/script_fold.tsv. Callers pass raw text. Thread-safe.
TokenizedText tokenize(std::string_view utf8);
// The same into `out`, reusing its buffers (a caller tokenizing item after
// item on one thread saves their allocations).
void tokenize(std::string_view utf8, TokenizedText& out);

// The same, always through ICU's normalizer and word break iterator (the
// reference the fast path is tested against).
TokenizedText tokenize_with_icu(std::string_view utf8);

// Folded words joined by single spaces: what the search index stores.
std::string index_form(const TokenizedText& tokens);
std::string index_form(std::string_view utf8);

}  // namespace khabar::text
