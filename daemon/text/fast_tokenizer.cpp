#include "text/fast_tokenizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>

#include "text/script_fold.h"
#include "util/utf8.h"

namespace khabar::text {
namespace {

// The word-break classes the fast path distinguishes (UAX #29 names).
enum class Wb : unsigned char { kOther, kLetter, kNumeric, kMidLetter, kMidNumLet, kMidNum, kUnsafe };

// Code points covered: U+0000-U+04FF (Latin, Latin-1, Latin Extended, IPA
// and spacing modifiers such as ʻ, Greek, Cyrillic) and U+2000-U+22FF
// (General Punctuation, currency, letterlike symbols such as №, arrows, the
// minus sign and other mathematical operators).
constexpr UChar32 kLowEnd = 0x500;
constexpr UChar32 kPunctuationStart = 0x2000;
constexpr UChar32 kPunctuationEnd = 0x2300;

struct Entry {
  std::u16string folded;  // NFKC_Casefold, ё→е; empty: dropped (default ignorable)
  std::string skeleton;   // `folded` after script folding: what tokens are made of
  Wb wb = Wb::kUnsafe;
};

// The hot loop's copy of an Entry: fixed arrays, no pointers to chase.
struct Packed {
  char16_t folded[3];
  char skeleton[7];
  unsigned char folded_length = 0;
  unsigned char skeleton_length = 0;
  Wb wb = Wb::kUnsafe;
};

Packed pack(const Entry& entry) {
  Packed p{};
  if (entry.folded.size() > 3 || entry.skeleton.size() > 7) return p;  // kUnsafe: too long to pack
  std::copy(entry.folded.begin(), entry.folded.end(), p.folded);
  std::copy(entry.skeleton.begin(), entry.skeleton.end(), p.skeleton);
  p.folded_length = static_cast<unsigned char>(entry.folded.size());
  p.skeleton_length = static_cast<unsigned char>(entry.skeleton.size());
  p.wb = entry.wb;
  return p;
}

Wb classify(UChar32 c) {
  // ICU's word rules take the colon out of MidLetter (CLDR: only some
  // locales join "x:y"), so it separates words here too.
  if (c == ':' || c == 0xFE55 || c == 0xFF1A) return Wb::kOther;
  switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
    case U_WB_ALETTER:
      return Wb::kLetter;
    case U_WB_NUMERIC:
      return Wb::kNumeric;
    case U_WB_MIDLETTER:
      return Wb::kMidLetter;
    case U_WB_MIDNUMLET:
    case U_WB_SINGLE_QUOTE:
      return Wb::kMidNumLet;
    case U_WB_MIDNUM:
      return Wb::kMidNum;
    case U_WB_EXTENDNUMLET:
      return Wb::kUnsafe;  // "_" segments as ICU's rule statuses say; rare in news
    case U_WB_OTHER:
    case U_WB_CR:
    case U_WB_LF:
    case U_WB_NEWLINE:
    case U_WB_WSEGSPACE:
      return Wb::kOther;
    default:
      return Wb::kUnsafe;  // Extend, Format, ZWJ, Katakana, Hebrew, ...
  }
}

Entry make_entry(UChar32 c, const icu::Normalizer2& normalizer) {
  Entry entry;
  if (u_getCombiningClass(c) != 0 || classify(c) == Wb::kUnsafe) return entry;
  // A code point that can combine with what precedes it (or decomposes into
  // something that can) needs the real normalizer.
  if (!normalizer.isInert(c) && normalizer.hasBoundaryBefore(c) == false) return entry;
  UErrorCode status = U_ZERO_ERROR;
  auto folded = normalizer.normalize(icu::UnicodeString(c), status);
  if (U_FAILURE(status)) return entry;
  folded.findAndReplace(icu::UnicodeString(u'ё'), icu::UnicodeString(u'е'));
  Wb wb = Wb::kOther;
  for (int32_t i = 0; i < folded.length();) {
    const UChar32 part = folded.char32At(i);
    i += U16_LENGTH(part);
    const Wb part_wb = classify(part);
    if (part_wb == Wb::kUnsafe || u_getCombiningClass(part) != 0 || part >= 0x10000) return entry;
    if (i == U16_LENGTH(part))
      wb = part_wb;
    else if (part_wb != wb || (wb != Wb::kLetter && wb != Wb::kNumeric))
      return entry;  // would segment differently
  }
  entry.folded.assign(reinterpret_cast<const char16_t*>(folded.getBuffer()), static_cast<size_t>(folded.length()));
  fold_script(entry.folded.data(), entry.folded.data() + entry.folded.size(), entry.skeleton);
  entry.wb = folded.isEmpty() ? Wb::kOther : wb;
  return entry;
}

struct Tables {
  std::array<Packed, kLowEnd> low;
  std::array<Packed, kPunctuationEnd - kPunctuationStart> punctuation;

  Tables() {
    UErrorCode status = U_ZERO_ERROR;
    const auto& normalizer = *icu::Normalizer2::getNFKCCasefoldInstance(status);
    for (UChar32 c = 0; c < kLowEnd; ++c) low[static_cast<size_t>(c)] = pack(make_entry(c, normalizer));
    for (UChar32 c = kPunctuationStart; c < kPunctuationEnd; ++c) {
      punctuation[static_cast<size_t>(c - kPunctuationStart)] = pack(make_entry(c, normalizer));
    }
  }

  const Packed* find(std::uint32_t c) const {
    if (c < static_cast<std::uint32_t>(kLowEnd)) return &low[c];
    if (c >= static_cast<std::uint32_t>(kPunctuationStart) && c < static_cast<std::uint32_t>(kPunctuationEnd)) {
      return &punctuation[c - static_cast<std::uint32_t>(kPunctuationStart)];
    }
    return nullptr;
  }
};

const Tables& tables() {
  static const Tables instance;
  return instance;
}

// One code point of the normalized text.
struct Piece {
  const Packed* entry;
  int unit_start;  // offset in the normalized UTF-16 text
};

bool is_word_part(Wb wb) { return wb == Wb::kLetter || wb == Wb::kNumeric; }
bool is_mid_for_letters(Wb wb) { return wb == Wb::kMidLetter || wb == Wb::kMidNumLet; }
bool is_mid_for_numbers(Wb wb) { return wb == Wb::kMidNum || wb == Wb::kMidNumLet; }

Wb wb_at(const std::vector<Piece>& pieces, size_t i) { return i < pieces.size() ? pieces[i].entry->wb : Wb::kOther; }

// Whether UAX #29 keeps pieces i-1 and i in one segment (WB5-WB12; the
// ExtendNumLet rules never apply: "_" goes to ICU).
bool joined(const std::vector<Piece>& pieces, size_t i) {
  const Wb before = wb_at(pieces, i - 1), here = wb_at(pieces, i);
  const Wb before2 = i >= 2 ? wb_at(pieces, i - 2) : Wb::kOther;
  const Wb after = wb_at(pieces, i + 1);
  if (is_word_part(before) && is_word_part(here)) return true;                                     // WB5, 8, 9, 10
  if (before == Wb::kLetter && is_mid_for_letters(here) && after == Wb::kLetter) return true;      // WB6
  if (before2 == Wb::kLetter && is_mid_for_letters(before) && here == Wb::kLetter) return true;    // WB7
  if (before == Wb::kNumeric && is_mid_for_numbers(here) && after == Wb::kNumeric) return true;    // WB12
  if (before2 == Wb::kNumeric && is_mid_for_numbers(before) && here == Wb::kNumeric) return true;  // WB11
  return false;
}

// Decodes the code point at `i`: ASCII and two-byte sequences inline.
inline std::uint32_t next_code_point(std::string_view s, size_t& i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) return ++i, lead;
  if ((lead & 0xE0) == 0xC0 && i + 1 < s.size()) {
    const std::uint32_t c = ((lead & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
    i += 2;
    return c;
  }
  return decode_utf8(s, i);
}

void emit(const std::vector<Piece>& pieces, size_t first, size_t end, int units_end, TokenizedText& out) {
  Token token;
  for (size_t k = first; k < end; ++k) token.text.append(pieces[k].entry->skeleton, pieces[k].entry->skeleton_length);
  if (token.text.empty()) return;
  token.position = static_cast<int>(out.tokens.size());
  token.start = pieces[first].unit_start;
  token.end = end < pieces.size() ? pieces[end].unit_start : units_end;
  out.tokens.push_back(std::move(token));
}

}  // namespace

bool tokenize_simple(std::string_view utf8, TokenizedText& out) {
  const auto& table = tables();
  thread_local std::vector<Piece> pieces;
  pieces.clear();
  // Every covered code point folds to at most as many UTF-16 units as it
  // has UTF-8 bytes, so the input's length bounds the output's.
  out.normalized.resize(utf8.size());
  char16_t* units = out.normalized.data();
  int length = 0;
  for (size_t i = 0; i < utf8.size();) {
    const Packed* entry = table.find(next_code_point(utf8, i));
    if (!entry || entry->wb == Wb::kUnsafe) return false;
    if (entry->folded_length == 0) continue;  // dropped by normalization, as ICU does before segmenting
    pieces.push_back({entry, length});
    for (int k = 0; k < entry->folded_length; ++k) units[length++] = entry->folded[k];
  }
  out.normalized.resize(static_cast<size_t>(length));
  out.tokens.clear();
  out.tokens.reserve(pieces.size() / 5 + 1);
  const int units_end = static_cast<int>(out.normalized.size());
  size_t start = 0;
  bool has_word_part = false;
  for (size_t i = 0; i <= pieces.size(); ++i) {
    if (i < pieces.size() && (i == start || joined(pieces, i))) {
      has_word_part = has_word_part || is_word_part(pieces[i].entry->wb);
      continue;
    }
    if (has_word_part) emit(pieces, start, i, units_end, out);
    start = i;
    has_word_part = i < pieces.size() && is_word_part(pieces[i].entry->wb);
  }
  return true;
}

}  // namespace khabar::text
