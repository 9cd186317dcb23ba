#include "text/stemmer.h"

#include <libstemmer.h>

#include <memory>

#include "text/script_fold.h"
#include "text/suffix_stemmer.h"

namespace khabar::text {
namespace {

struct SnowballDeleter {
  void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};
using Snowball = std::unique_ptr<sb_stemmer, SnowballDeleter>;

// A Snowball stemmer keeps per-call state: one per thread and language.
sb_stemmer* snowball(StemLanguage language) {
  thread_local Snowball russian(sb_stemmer_new("russian", "UTF_8"));
  thread_local Snowball english(sb_stemmer_new("english", "UTF_8"));
  return language == StemLanguage::kRussian ? russian.get() : english.get();
}

std::string snowball_stem(StemLanguage language, std::string_view surface) {
  sb_stemmer* stemmer = snowball(language);
  if (!stemmer) return fold_script(surface);
  const auto* stemmed =
      sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(surface.data()), static_cast<int>(surface.size()));
  if (!stemmed) return fold_script(surface);
  const std::string_view out(reinterpret_cast<const char*>(stemmed), static_cast<size_t>(sb_stemmer_length(stemmer)));
  return fold_script(out);
}

}  // namespace

const char* language_code(StemLanguage language) {
  switch (language) {
    case StemLanguage::kRussian:
      return "ru";
    case StemLanguage::kEnglish:
      return "en";
    case StemLanguage::kKyrgyz:
      return "ky";
    case StemLanguage::kKazakh:
      return "kk";
    case StemLanguage::kUzbek:
      return "uz";
    case StemLanguage::kTurkmen:
      return "tk";
    case StemLanguage::kTajik:
      return "tg";
  }
  return "";
}

std::string stem(StemLanguage language, std::string_view surface, std::string_view folded) {
  if (language == StemLanguage::kRussian || language == StemLanguage::kEnglish) return snowball_stem(language, surface);
  return suffix_stem(language_code(language), folded);
}

}  // namespace khabar::text
