#include "text/script_fold.h"

#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <array>
#include <string>
#include <unordered_map>

#include "script_fold_table.h"
#include "util/utf8.h"  // generated from text/script_fold.tsv

namespace khabar::text {
namespace {

// Replacements by code point: a flat array for the Latin and Cyrillic blocks
// (U+0000-U+04FF, where almost every letter of the region's text lies), a
// map for the rest.
struct FoldTable {
  std::array<std::string, 0x500> low;
  std::array<bool, 0x500> has_low{};
  std::unordered_map<UChar32, std::string> high;

  FoldTable() {
    std::string_view data = kScriptFoldTable;
    while (!data.empty()) {
      const auto end = data.find('\n');
      auto line = data.substr(0, end);
      data = end == std::string_view::npos ? std::string_view{} : data.substr(end + 1);
      if (line.empty() || line[0] == '#') continue;
      const auto tab = line.find('\t');
      if (tab == std::string_view::npos) continue;
      const auto from = icu::UnicodeString::fromUTF8(icu::StringPiece(line.data(), static_cast<int32_t>(tab)));
      auto rest = line.substr(tab + 1);
      const std::string to(rest.substr(0, rest.find('\t')));
      add(from.char32At(0), to);
    }
  }

  void add(UChar32 from, std::string to) {
    if (from >= 0 && from < 0x500) {
      low[static_cast<size_t>(from)] = std::move(to);
      has_low[static_cast<size_t>(from)] = true;
    } else {
      high[from] = std::move(to);
    }
  }

  const std::string* find(UChar32 c) const {
    if (c >= 0 && c < 0x500) return has_low[static_cast<size_t>(c)] ? &low[static_cast<size_t>(c)] : nullptr;
    const auto it = high.find(c);
    return it == high.end() ? nullptr : &it->second;
  }
};

const FoldTable& table() {
  static const FoldTable instance;
  return instance;
}

}  // namespace

std::string fold_script(std::string_view word) {
  const auto& fold = table();
  std::string out;
  out.reserve(word.size());
  size_t i = 0;
  while (i < word.size()) {
    if (static_cast<unsigned char>(word[i]) < 0x80 && word[i] != '\'' && word[i] != '`') {
      out += word[i++];  // ASCII letters and digits fold to themselves
      continue;
    }
    const auto c = static_cast<UChar32>(decode_utf8(word, i));
    if (const auto* replacement = fold.find(c))
      out += *replacement;
    else
      append_utf8(out, static_cast<std::uint32_t>(c));
  }
  return out;
}

void fold_script(const char16_t* begin, const char16_t* end, std::string& out) {
  const auto& fold = table();
  const auto length = static_cast<int32_t>(end - begin);
  const auto* units = reinterpret_cast<const UChar*>(begin);
  for (int32_t i = 0; i < length;) {
    const UChar unit = units[i];
    if (unit < 0x80 && unit != '\'' && unit != '`') {
      out += static_cast<char>(unit);
      ++i;
      continue;
    }
    UChar32 c;
    U16_NEXT(units, i, length, c);
    if (const auto* replacement = fold.find(c))
      out += *replacement;
    else
      append_utf8(out, static_cast<std::uint32_t>(c));
  }
}

}  // namespace khabar::text
