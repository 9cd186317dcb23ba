#include "web/highlight.h"

#include <cctype>
#include <set>

#include "text/normalizer.h"

namespace khabar::web {
namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

void push(std::vector<DiffPiece>& out, std::string_view word, Change change) {
  if (!out.empty() && out.back().change == change) {
    out.back().text += ' ';
    out.back().text += word;
  } else {
    out.push_back({std::string(word), change});
  }
}

}  // namespace

std::vector<Span> mark_words(std::string_view text, const std::vector<std::string>& terms) {
  std::set<std::string> wanted;
  for (const auto& term : terms) {
    for (const auto& token : text::tokenize(term).tokens) wanted.insert(token.text);
  }
  if (wanted.empty()) return {Span{std::string(text), false}};
  std::vector<Span> out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t gap = i;
    while (i < text.size() && is_space(text[i])) ++i;
    if (i > gap) out.push_back({std::string(text.substr(gap, i - gap)), false});
    const size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i == start) break;
    const auto chunk = text.substr(start, i - start);
    bool hit = false;
    for (const auto& token : text::tokenize(chunk).tokens) hit = hit || wanted.count(token.text) > 0;
    if (!out.empty() && out.back().marked == hit)
      out.back().text += chunk;
    else
      out.push_back({std::string(chunk), hit});
  }
  // Join unmarked runs split by spaces.
  std::vector<Span> joined;
  for (auto& span : out) {
    if (!joined.empty() && !joined.back().marked && !span.marked)
      joined.back().text += span.text;
    else
      joined.push_back(std::move(span));
  }
  return joined;
}

std::vector<DiffPiece> word_diff(std::string_view before, std::string_view after, size_t max_words) {
  const auto a = words(before), b = words(after);
  std::vector<DiffPiece> out;
  if (a.size() > max_words || b.size() > max_words) {
    if (!a.empty()) out.push_back({std::string(before), Change::kRemoved});
    if (!b.empty()) out.push_back({std::string(after), Change::kAdded});
    return out;
  }
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  std::vector<std::vector<unsigned>> lcs(a.size() + 1, std::vector<unsigned>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;) {
    for (size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      push(out, a[i++], Change::kSame);
      ++j;
    } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
      push(out, b[j++], Change::kAdded);
    } else {
      push(out, a[i++], Change::kRemoved);
    }
  }
  return out;
}

void marked_text(Html& html, const std::vector<Span>& spans) {
  for (const auto& span : spans) {
    if (span.marked)
      html.element("mark", span.text);
    else
      html.text(span.text);
  }
}

void diff_text(Html& html, const std::vector<DiffPiece>& pieces) {
  bool first = true;
  for (const auto& piece : pieces) {
    if (!first) html.text(" ");
    first = false;
    if (piece.change == Change::kRemoved)
      html.element("del", piece.text);
    else if (piece.change == Change::kAdded)
      html.element("ins", piece.text);
    else
      html.text(piece.text);
  }
}

}  // namespace khabar::web
