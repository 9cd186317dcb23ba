#include "text/normalizer.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <memory>

#include "text/fast_tokenizer.h"
#include "text/script_fold.h"
#include "util/utf8.h"

namespace khabar::text {
namespace {

const icu::Normalizer2& nfkc_casefold() {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* instance = icu::Normalizer2::getNFKCCasefoldInstance(status);
  return *instance;  // ICU's data is linked in; failure here is a broken install
}

icu::UnicodeString normalize_unicode(std::string_view utf8) {
  const auto input = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode status = U_ZERO_ERROR;
  auto output = nfkc_casefold().normalize(input, status);
  if (U_FAILURE(status)) return input;
  output.findAndReplace(icu::UnicodeString(u'ё'), icu::UnicodeString(u'е'));
  return output;
}

// Word break iterators are expensive to create and not thread-safe: one per thread.
icu::BreakIterator& word_breaker() {
  thread_local std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    return std::unique_ptr<icu::BreakIterator>(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  }();
  return *breaker;
}

}  // namespace

std::string normalize(std::string_view utf8) {
  std::string out;
  normalize_unicode(utf8).toUTF8String(out);
  return out;
}

std::string TokenizedText::surface(const Token& token) const {
  std::string out;
  append_surface(token, out);
  return out;
}

// Written straight into the string's room (at most three bytes a UTF-16
// unit), then cut to length: matched words are shown for every match, and an
// ICU string per word, or a push per byte, cost more than the conversion. An
// unpaired surrogate becomes U+FFFD, as ICU makes it.
void TokenizedText::append_surface(const Token& token, std::string& out) const {
  const auto* units = reinterpret_cast<const UChar*>(normalized.data());
  const size_t start = out.size();
  out.resize(start + 3 * static_cast<size_t>(token.end - token.start));
  auto* bytes = reinterpret_cast<uint8_t*>(out.data() + start);
  int32_t written = 0;
  for (int32_t i = token.start; i < token.end;) {
    UChar32 c;
    U16_NEXT(units, i, token.end, c);
    if (U_IS_SURROGATE(c)) c = 0xFFFD;
    U8_APPEND_UNSAFE(bytes, written, c);
  }
  out.resize(start + static_cast<size_t>(written));
}

TokenizedText tokenize_with_icu(std::string_view utf8) {
  const auto normalized = normalize_unicode(utf8);
  auto& breaker = word_breaker();
  breaker.setText(normalized);
  TokenizedText out;
  out.normalized.assign(reinterpret_cast<const char16_t*>(normalized.getBuffer()),
                        static_cast<size_t>(normalized.length()));
  out.tokens.reserve(utf8.size() / 6 + 1);
  const auto* units = out.normalized.data();
  int32_t start = breaker.first();
  for (int32_t end = breaker.next(); end != icu::BreakIterator::DONE; start = end, end = breaker.next()) {
    if (breaker.getRuleStatus() == UBRK_WORD_NONE) continue;  // spaces, punctuation
    Token token;
    fold_script(units + start, units + end, token.text);
    if (token.text.empty()) continue;  // a lone apostrophe or hard sign
    token.position = static_cast<int>(out.tokens.size());
    token.start = start;
    token.end = end;
    out.tokens.push_back(std::move(token));
  }
  return out;
}

TokenizedText tokenize(std::string_view utf8) {
  TokenizedText out;
  tokenize(utf8, out);
  return out;
}

void tokenize(std::string_view utf8, TokenizedText& out) {
  if (!tokenize_simple(utf8, out)) out = tokenize_with_icu(utf8);
}

std::string index_form(const TokenizedText& tokens) {
  std::string out;
  for (const auto& token : tokens.tokens) {
    if (!out.empty()) out += ' ';
    out += token.text;
  }
  return out;
}

std::string index_form(std::string_view utf8) { return index_form(tokenize(utf8)); }

}  // namespace khabar::text
