// The stem operator's word forms (rules: `word~`), one stemmer per
// language: Snowball for Russian and English, the suffix tables
// (text/suffix_stemmer.h) for Kyrgyz, Kazakh, Uzbek, Turkmen and Tajik.
// Stems are compared in folded form, like every word khabar matches.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace khabar::text {

enum class StemLanguage { kRussian, kEnglish, kKyrgyz, kKazakh, kUzbek, kTurkmen, kTajik };

inline constexpr std::array<StemLanguage, 7> kStemLanguages{
    StemLanguage::kRussian, StemLanguage::kEnglish, StemLanguage::kKyrgyz, StemLanguage::kKazakh,
    StemLanguage::kUzbek,   StemLanguage::kTurkmen, StemLanguage::kTajik};

// "ru", "en", "ky", "kk", "uz", "tk", "tg".
const char* language_code(StemLanguage language);

// The folded stem of one word in `language`. `surface` is the word
// normalized but not folded (Snowball reads Cyrillic and English as
// written); `folded` is its folded form (what the suffix tables read).
// Thread-safe.
std::string stem(StemLanguage language, std::string_view surface, std::string_view folded);

}  // namespace khabar::text
