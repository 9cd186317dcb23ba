// What a `word~` of a query stands for: its stem in each language that has a
// stemmer, and the prefix every form of it starts with.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "match/query.h"
#include "text/stemmer.h"

namespace khabar::match {

struct WordStem {
  text::StemLanguage language;
  std::string stem;  // folded
};

// The word's stem in every stemmer's language, without repeats of one stem
// in one language.
std::vector<WordStem> stems_of(const Word& word);

// The longest folded prefix that every form of the word shares, in every
// language (the stems' common prefix, less a final letter that stem-final
// rewrites may change): where search narrows by prefix. At least one letter.
std::string word_form_prefix(const Word& word);

}  // namespace khabar::match
