// Word forms of the region's agglutinative languages (and Tajik's plurals
// and ezafe) by suffix stripping, from data: text/suffixes.tsv, whose format
// and algorithm tests/data/text/README.md gives and tests/text/
// check_suffixes.py implements for reference.
#pragma once

#include <string>
#include <string_view>

namespace khabar::text {

// Languages with a suffix table: "ky", "kk", "uz", "tk", "tg".
bool has_suffix_table(std::string_view language);

// The stem of a folded word (as the tokenizer gives it) in `language`:
// the longest allowed suffix stripped, up to six times, keeping min_stem
// letters, then one stem-final rewrite. The word itself for other
// languages. Thread-safe.
std::string suffix_stem(std::string_view language, std::string_view folded_word);

}  // namespace khabar::text
