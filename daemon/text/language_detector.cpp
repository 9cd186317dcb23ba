#include "text/language_detector.h"

#include <cld2/internal/lang_script.h>
#include <cld2/public/compact_lang_det.h>
#include <unicode/uchar.h>

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

// The declaration as the answer: Uzbek gets its script from the text.
std::string as_declared(std::string_view declared, std::string_view text) {
  return primary_subtag(declared) == "uz" ? with_script("uz", text) : std::string(declared);
}

// The region's Cyrillic alphabets beside Russian: the letters each adds to
// the Russian ones, and the letters of which a text must hold one to be
// recognisably written in it. (Russian itself has no such letter: Kyrgyz
// headlines without ң, ө or ү are common, and CLD2 still tells them.)
struct Alphabet {
  std::string_view language;
  std::u32string_view extra;
  std::u32string_view marks;
};
constexpr Alphabet kAlphabets[] = {
    {"ky", U"ңөү", U"ңөү"},
    {"kk", U"әғқңөұүһі", U"әұһі"},
    {"tg", U"ғӣқӯҳҷ", U"ӣӯҷ"},
    {"uz", U"ўқғҳ", U"ў"},
};

bool is_russian_letter(char32_t lower) { return (lower >= 0x430 && lower < 0x450) || lower == 0x451; }

// Whether the sample is plainly written in the declared Cyrillic alphabet:
// mostly Cyrillic, every Cyrillic letter of that alphabet, and a few of its
// marks. CLD2 could then only agree or name a language it confuses with the
// declared one, so it is not asked (it was a tenth of a cold poll's CPU).
bool alphabet_confirms(std::string_view declared_primary, std::string_view sample) {
  const auto* alphabet = std::find_if(std::begin(kAlphabets), std::end(kAlphabets),
                                      [&](const Alphabet& a) { return a.language == declared_primary; });
  if (alphabet == std::end(kAlphabets)) return false;
  int cyrillic = 0, latin = 0;
  int marks = 0;
  for (size_t i = 0; i < sample.size();) {
    const auto c = static_cast<char32_t>(decode_utf8(sample, i));
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      ++latin;
    } else if (c >= 0x400 && c < 0x530) {
      const auto lower = static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
      const bool own = is_russian_letter(lower) || alphabet->extra.find(lower) != std::u32string_view::npos;
      if (!own) return false;
      marks += alphabet->marks.find(lower) != std::u32string_view::npos;
      ++cyrillic;
    }
  }
  // A Russian report may name a place with a Kazakh letter (Жетісу): a few
  // marks are wanted, not one.
  constexpr int kMinLetters = 40, kMinMarks = 3;
  return marks >= kMinMarks && cyrillic >= kMinLetters && latin * 10 <= cyrillic;
}

}  // namespace

std::string identify_language(std::string_view text, std::string_view declared) {
  const auto declared_primary = primary_subtag(declared);
  if (!declared_primary.empty() && text.size() >= kOverrideMinBytes &&
      alphabet_confirms(declared_primary, sample_of(text))) {
    return as_declared(declared, text);
  }
  return identify_language_with_cld2(text, declared);
}

std::string identify_language_with_cld2(std::string_view text, std::string_view declared) {
  const auto declared_primary = primary_subtag(declared);
  // CLD2's reading of so short a text could not override the declaration.
  if (!declared_primary.empty() && text.size() < kOverrideMinBytes) return as_declared(declared, text);
  bool reliable = false;
  int valid_bytes = 0;
  const auto sample = sample_of(text);
  const auto language =
      CLD2::DetectLanguageCheckUTF8(sample.data(), static_cast<int>(sample.size()), true, &reliable, &valid_bytes);
  std::string detected = reliable ? CLD2::LanguageCode(language) : "";
  if (detected == "un") detected.clear();
  if (!declared_primary.empty() &&
      (detected.empty() || detected == declared_primary || confusable(declared_primary, detected))) {
    return as_declared(declared, text);
  }
  if (detected.empty() && has_turkmen_letters(text)) return "tk";
  return with_script(detected, text);
}

}  // namespace khabar::text
