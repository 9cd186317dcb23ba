#include "match/word_forms.h"

#include <algorithm>

namespace khabar::match {
namespace {

// The byte lengths of each letter's start in a UTF-8 string, and its end.
std::vector<size_t> letter_starts(const std::string& text) {
  std::vector<size_t> out;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) out.push_back(i);
  }
  out.push_back(text.size());
  return out;
}

}  // namespace

std::vector<WordStem> stems_of(const Word& word) {
  std::vector<WordStem> out;
  for (const auto language : text::kStemLanguages) {
    auto stem = text::stem(language, word.surface, word.text);
    if (stem.empty()) continue;
    out.push_back({language, std::move(stem)});
  }
  return out;
}

std::string word_form_prefix(const Word& word) {
  size_t common = word.text.size();
  for (const auto& [language, stem] : stems_of(word)) {
    const auto mismatch = std::mismatch(word.text.begin(), word.text.end(), stem.begin(), stem.end());
    common = std::min(common, static_cast<size_t>(mismatch.first - word.text.begin()));
  }
  // Whole letters only, and one fewer: a stem-final rewrite (k/g, q/g, p/b)
  // changes the last letter a form shows.
  const auto starts = letter_starts(word.text);
  size_t letters = 0;
  while (letters + 1 < starts.size() && starts[letters + 1] <= common) ++letters;
  if (letters > 2) --letters;
  letters = std::max<size_t>(letters, 1);
  return word.text.substr(0, starts[std::min(letters, starts.size() - 1)]);
}

}  // namespace khabar::match
