#include "text/fast_tokenizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <cstddef>
#include <cstring>

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

// The hot loop's copy of an Entry: fixed arrays, no pointers to chase, 16
// bytes (the tables then fit in the first-level cache). The skeleton and
// the folded units are each copied as one 8-byte move (with the byte or two
// after them, which the next piece overwrites or the length cuts), and the
// lengths are whole bytes: no masks in the loop.
struct Packed {
  char skeleton[7];
  unsigned char skeleton_length = 0;
  char16_t folded[3];
  unsigned char folded_length = 0;
  Wb wb = Wb::kUnsafe;
};
static_assert(sizeof(Packed) == 16 && offsetof(Packed, folded) == 8);
constexpr size_t kMove = 8;  // bytes copied at once from each array

const char* skeleton_bytes(const Packed& piece) { return reinterpret_cast<const char*>(&piece); }
const char* folded_bytes(const Packed& piece) {
  return reinterpret_cast<const char*>(&piece) + offsetof(Packed, folded);
}

Packed pack(const Entry& entry) {
  Packed p{};
  if (entry.folded.size() > std::size(p.folded) || entry.skeleton.size() > std::size(p.skeleton)) {
    return p;  // kUnsafe: too long to pack
  }
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
      return Wb::kUnsafe;    // "_" segments as ICU's rule statuses say; rare in news
    case U_WB_DOUBLE_QUOTE:  // its rules (WB7b, WB7c) join only Hebrew letters, which go to ICU
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

bool is_word_part(Wb wb) { return wb == Wb::kLetter || wb == Wb::kNumeric; }
bool is_mid(Wb wb) { return wb == Wb::kMidLetter || wb == Wb::kMidNumLet || wb == Wb::kMidNum; }

// Whether `mid` joins a word ending in `before` to a piece starting with
// `after` (UAX #29 WB6-7 for letters, WB11-12 for digits).
bool joins(Wb before, Wb mid, Wb after) {
  if (before == Wb::kLetter && after == Wb::kLetter) return mid == Wb::kMidLetter || mid == Wb::kMidNumLet;
  if (before == Wb::kNumeric && after == Wb::kNumeric) return mid == Wb::kMidNum || mid == Wb::kMidNumLet;
  return false;
}

// The tokens' strings, reused from the previous text: a word's skeleton
// pieces are gathered in a buffer (each copied as one fixed-size move, not
// a call to copy one or two bytes), which goes to the token's string when
// full and when the word ends. Its state is the caller's locals (see
// tokenize_simple), not members: a store of the pieces' bytes may alias
// any member, so members would be reloaded after every piece.
class TokenStrings {
 public:
  explicit TokenStrings(TokenizedText& out) : out_(out) {}

  void start(int unit_start) {
    if (count_ == out_.tokens.size()) out_.tokens.emplace_back();
    current_ = &out_.tokens[count_];
    current_->text.clear();
    current_->start = unit_start;
  }
  void append(const char* buffer, size_t length) { current_->text.append(buffer, length); }
  // A word whose skeleton is empty (a lone hard sign) is no token, as ICU's path has it.
  void finish(int unit_end) {
    if (current_->text.empty()) return;
    current_->position = static_cast<int>(count_);
    current_->end = unit_end;
    ++count_;
  }
  void end() { out_.tokens.resize(count_); }

 private:
  TokenizedText& out_;
  Token* current_ = nullptr;
  size_t count_ = 0;
};

}  // namespace

// The word-break rules these pieces can meet join letters and digits, and a
// single mid character between two letters or two digits; so a word is a
// run of letters and digits, and one mid character is held back until the
// piece after it says whether it joins.
bool tokenize_simple(std::string_view utf8, TokenizedText& out) {
  const auto& table = tables();
  // Every covered code point folds to at most as many UTF-16 units as it
  // has UTF-8 bytes, so the input's length bounds the output's; each
  // piece's units are copied as a whole array (one move, not a loop), which
  // may write past its length into the slack.
  constexpr size_t kSlack = kMove / sizeof(char16_t);
  out.normalized.resize(utf8.size() + kSlack);
  char16_t* const units = out.normalized.data();
  int length = 0;
  TokenStrings tokens(out);
  char buffer[128];
  size_t buffered = 0;
  const auto append = [&](const Packed& piece) {
    if (buffered + kMove > sizeof buffer) {
      tokens.append(buffer, buffered);
      buffered = 0;
    }
    std::memcpy(buffer + buffered, skeleton_bytes(piece), kMove);
    buffered += piece.skeleton_length;
  };
  const auto finish = [&](int unit_end) {
    tokens.append(buffer, buffered);
    buffered = 0;
    tokens.finish(unit_end);
  };
  bool in_word = false;
  Wb last = Wb::kOther;  // the word's last letter or digit
  const Packed* held = nullptr;
  int held_start = 0;
  for (size_t i = 0; i < utf8.size();) {
    const Packed* piece = table.find(decode_utf8(utf8, i));
    if (!piece || piece->wb == Wb::kUnsafe) return false;
    if (piece->folded_length == 0) continue;  // dropped by normalization, as ICU does before segmenting
    const int unit_start = length;
    std::memcpy(units + length, folded_bytes(*piece), kMove);
    length += piece->folded_length;
    const Wb wb = piece->wb;
    if (is_word_part(wb)) {
      if (!in_word) {
        tokens.start(unit_start);
        in_word = true;
      } else if (held) {
        if (joins(last, held->wb, wb)) {
          append(*held);
        } else {
          finish(held_start);
          tokens.start(unit_start);
        }
        held = nullptr;
      }
      append(*piece);
      last = wb;
    } else if (in_word && !held && is_mid(wb)) {
      held = piece;
      held_start = unit_start;
    } else if (in_word) {
      finish(held ? held_start : unit_start);
      in_word = false;
      held = nullptr;
    }
  }
  out.normalized.resize(static_cast<size_t>(length));
  if (in_word) finish(held ? held_start : length);
  tokens.end();
  return true;
}

}  // namespace khabar::text
