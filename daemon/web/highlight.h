// Text as published, with what matters marked: the words a rule matched,
// and what an edit changed (a word diff). Pure functions over strings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "web/html.h"

namespace khabar::web {

struct Span {
  std::string text;
  bool marked = false;
};

// `text` cut into runs; a run is marked when one of its words (compared as
// the matcher compares them: normalized and script-folded) is one of
// `terms`' words. Spaces and punctuation stay as published.
std::vector<Span> mark_words(std::string_view text, const std::vector<std::string>& terms);

enum class Change { kSame, kRemoved, kAdded };
struct DiffPiece {
  std::string text;
  Change change = Change::kSame;
};

// A word-level diff of `before` and `after` (longest common subsequence of
// words split at spaces). Texts of more than `max_words` words each are
// compared whole: all removed, all added.
std::vector<DiffPiece> word_diff(std::string_view before, std::string_view after, size_t max_words = 2000);

// As markup: marked runs in <mark>, changes in <del> and <ins>.
void marked_text(Html& html, const std::vector<Span>& spans);
void diff_text(Html& html, const std::vector<DiffPiece>& pieces);

}  // namespace khabar::web
