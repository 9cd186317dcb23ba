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
  // CLD2 reads Turkmen headlines as English or Turkish.
  return declared == "tk" && (detected == "en" || detected == "tr");
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

// The region's alphabets beside Russian and English: the letters each adds
// to the Russian (Cyrillic) or the basic Latin ones, and the marks of which
// a text must hold a few to be recognisably written in it. (Russian has no
// such letter: Kyrgyz headlines without ң, ө or ү are common, and CLD2
// still tells them; nor has English.) Uzbek's Latin mark is an o or g with
// its apostrophe (oʻ, gʻ, in any of the apostrophes writers use); Turkmen's
// are the letters no other alphabet of the region has in that set (Kazakh's
// Latin spellings bring á, ǵ, ı, ń or ğ, ū, and Turkish and Azerbaijani ğ, ı).
struct Alphabet {
  std::string_view language;
  bool latin;
  std::u32string_view extra;
  std::u32string_view marks;
  bool apostrophe_marks = false;  // oʻ and gʻ count as marks
};
constexpr Alphabet kAlphabets[] = {
    {"ky", false, U"ңөү", U"ңөү"}, {"kk", false, U"әғқңөұүһі", U"әұһі"}, {"tg", false, U"ғӣқӯҳҷ", U"ӣӯҷ"},
    {"uz", false, U"ўқғҳ", U"ў"},  {"uz", true, U"", U"", true},         {"tk", true, U"äçňöşüýž", U"äňýž"},
};

bool is_russian_letter(char32_t lower) { return (lower >= 0x430 && lower < 0x450) || lower == 0x451; }
bool is_basic_latin(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char32_t lower_of(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? static_cast<char32_t>(c - 'A' + 'a') : c;
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
}
bool is_uzbek_apostrophe(char32_t c) { return c == 0x2BB || c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x2BC; }

// Whether the sample is plainly written in one alphabet: mostly of its
// script, no letter outside it, and a few of its marks.
bool written_in(const Alphabet& alphabet, std::string_view sample) {
  int own = 0, other = 0, marks = 0;
  char32_t before = 0;
  for (size_t i = 0; i < sample.size();) {
    const auto c = static_cast<char32_t>(decode_utf8(sample, i));
    const auto lower = lower_of(c);
    const bool latin = is_basic_latin(c), cyrillic = c >= 0x400 && c < 0x530;
    const bool extra = !latin && alphabet.extra.find(lower) != std::u32string_view::npos;
    if (alphabet.latin ? (latin || extra) : cyrillic) {
      if (!alphabet.latin && !is_russian_letter(lower) && !extra) return false;
      marks += extra && alphabet.marks.find(lower) != std::u32string_view::npos;
      ++own;
    } else if (alphabet.latin ? cyrillic : latin) {
      ++other;
    } else if (alphabet.latin && c > 0x7F && !is_uzbek_apostrophe(c) && u_isalpha(static_cast<UChar32>(c))) {
      return false;  // a letter not of this alphabet (ʻ and ʼ are letters to Unicode)
    }
    if (alphabet.apostrophe_marks && is_uzbek_apostrophe(c) && (before == 'o' || before == 'g')) ++marks;
    before = lower;
  }
  // A Russian report may name a place with a Kazakh letter (Жетісу): a few
  // marks are wanted, not one.
  constexpr int kMinLetters = 40, kMinMarks = 3;
  return marks >= kMinMarks && own >= kMinLetters && other * 10 <= own;
}

// Whether the sample is plainly written in the declared language's
// alphabet. CLD2 could then only agree or name a language it confuses with
// the declared one, so it is not asked (it was a tenth of a cold poll's CPU).
bool alphabet_confirms(std::string_view declared_primary, std::string_view sample) {
  return std::any_of(std::begin(kAlphabets), std::end(kAlphabets), [&](const Alphabet& alphabet) {
    return alphabet.language == declared_primary && written_in(alphabet, sample);
  });
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
