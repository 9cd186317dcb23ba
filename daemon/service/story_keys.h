// The keys that group an item with reports of the same event in other
// languages (store/story_grouping.h): its capitalized words and numbers,
// and what the rules' lists say of it (the kind of event, the countries).
#pragma once

#include <string_view>

#include "match/matcher.h"
#include "store/item_row.h"

namespace khabar::service {

// Names and numbers of the title and summary: capitalized words of four
// letters or more (not all-capital acronyms), folded to the Latin skeleton
// and once more across the spellings transliterations trade ("x" and "kh"
// to "h", "z" to "s", "y" to "i", doubled letters once), their first six
// letters ("Зарифулиндин", "Zarifulin" → "sarifu"); numbers of two digits
// or more, also at a word's start ("2022-жылдан" → "#2022"), joined across
// thousands ("10 000", "10 тыс.", "10k" → "#10000"). A word that starts a
// sentence, and every word of a title-case headline, is capitalized
// whatever it is: it counts only if it also occurs elsewhere.
struct NamesAndNumbers {
  std::vector<std::string> names;       // numbers, and words capitalized inside a sentence
  std::vector<std::string> weak_names;  // capitalized only at a sentence's start or in a title-case headline
};
NamesAndNumbers names_and_numbers(std::string_view title, std::string_view body);
// Both kinds in one list (what a word-level test wants to see).
std::vector<std::string> names_and_numbers(std::string_view text);

// The lists that tell the kind of an event (those the config has), and the
// five countries, as a matcher whose rules are named "k:KIND" and "c:XX".
Result<match::Matcher> story_kind_matcher(const match::TermLists& lists);

// An item's keys, from its text and the kind matcher.
// `title_tokens` and `summary_tokens`: the fields already tokenized
// (text::tokenize), when the caller has them.
store::StoryKeys story_keys(const store::ItemRecord& item, const match::Matcher& kinds,
                            const text::TokenizedText* title_tokens = nullptr,
                            const text::TokenizedText* summary_tokens = nullptr);

}  // namespace khabar::service
