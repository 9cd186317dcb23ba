#include "text/language_detector.h"

#include <cld2/internal/lang_script.h>
#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <cctype>
#include <cstdio>  // CLD2's header needs it first

#include "util/utf8.h"

namespace khabar::text {
namespace {

std::string primary_subtag(std::string_view tag) {
  std::string out(tag.substr(0, tag.find_first_of("-_")));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool mostly_cyrillic(std::string_view text) {
  int cyrillic = 0, latin = 0;
  for (size_t i = 0; i < text.size();) {
    const auto cp = decode_utf8(text, i);
    if (cp >= 0x400 && cp < 0x530)
      ++cyrillic;
    else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
      ++latin;
  }
  return cyrillic > latin;
}

// Letters only Turkmen uses among the region's Latin alphabets.
bool has_turkmen_letters(std::string_view text) {
  return text.find("ň") != std::string_view::npos || text.find("Ň") != std::string_view::npos ||
         text.find("ž") != std::string_view::npos;
}

// CLD2 is sure of itself on headlines more often than it should be; below
// this many bytes its reading never overrides a declaration.
constexpr size_t kOverrideMinBytes = 160;

bool confusable(const std::string& declared, const std::string& detected) {
  if ((declared == "ky" && detected == "kk") || (declared == "kk" && detected == "ky")) return true;
  return declared == "tk" && detected == "en";
}

// CLD2 reads this much of the text: the headline and the lede tell the
// language, and CLD2's cost grows with what it is given (it was a seventh of
// a cold poll's CPU reading whole summaries). Cut at a character boundary.
constexpr size_t kSampleBytes = 512;

std::string_view sample_of(std::string_view text) {
  if (text.size() <= kSampleBytes) return text;
  size_t end = kSampleBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::string with_script(const std::string& language, std::string_view text) {
  if (language != "uz") return language;
  return mostly_cyrillic(text) ? "uz-Cyrl" : "uz-Latn";
}

}  // namespace

std::string identify_language(std::string_view text, std::string_view declared) {
  const auto declared_primary = primary_subtag(declared);
  const auto as_declared = [&] { return declared_primary == "uz" ? with_script("uz", text) : std::string(declared); };
  // CLD2's reading of so short a text could not override the declaration.
  if (!declared_primary.empty() && text.size() < kOverrideMinBytes) return as_declared();
  bool reliable = false;
  int valid_bytes = 0;
  const auto sample = sample_of(text);
  const auto language =
      CLD2::DetectLanguageCheckUTF8(sample.data(), static_cast<int>(sample.size()), true, &reliable, &valid_bytes);
  std::string detected = reliable ? CLD2::LanguageCode(language) : "";
  if (detected == "un") detected.clear();
  if (!declared_primary.empty() &&
      (detected.empty() || detected == declared_primary || confusable(declared_primary, detected))) {
    return as_declared();
  }
  if (detected.empty() && has_turkmen_letters(text)) return "tk";
  return with_script(detected, text);
}

}  // namespace khabar::text
