#include "text/charset.h"

#include <uchardet/uchardet.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <type_traits>

#include "util/utf8.h"

namespace khabar::text {
namespace {

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

// Labels Python and feeds use that ICU does not know by that name, or by
// which ICU means a narrower charset than the one feeds are written in
// (WHATWG reads gb2312 and gbk as gb18030, cp874 as windows-874).
std::string icu_label(std::string label) {
  static const std::map<std::string, std::string> kAliases{{"macgreek", "x-mac-greek"},
                                                           {"macturkish", "x-mac-turkish"},
                                                           {"maclatin2", "x-mac-centraleurroman"},
                                                           {"ibm039", "ibm037"},
                                                           {"uhc", "windows-949"},
                                                           {"mac-cyrillic", "x-mac-cyrillic"},
                                                           {"gb2312", "gb18030"},
                                                           {"gbk", "gb18030"},
                                                           {"cp874", "windows-874"}};
  std::transform(label.begin(), label.end(), label.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto it = kAliases.find(label);
  return it == kAliases.end() ? label : it->second;
}

Converter open_strict(const std::string& charset) {
  UErrorCode status = U_ZERO_ERROR;
  Converter converter(ucnv_open(icu_label(charset).c_str(), &status));
  if (U_FAILURE(status)) return nullptr;
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  return converter;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

#include "text/regional_charsets.inc"

// The region's own single-byte charsets, which ICU does not ship: KOI8-T
// (Tajik), KZ-1048 (Kazakh, STRK1048-2002) and PTCP154 (Paratype's Asian
// Cyrillic: Kazakh, Tajik, Uzbek, ...). Older sites of the region still
// declare them.
struct RegionalCharset {
  std::string_view name;  // IANA's, lower-cased
  const std::array<char16_t, 128>* high;
  std::array<std::string_view, 6> labels;
};

constexpr std::array<RegionalCharset, 3> kRegionalCharsets{{
    {"koi8-t", &kKoi8T, {"koi8-t", "koi8_t", "koi8t", "cskoi8t"}},
    {"kz-1048", &kKz1048, {"kz-1048", "kz_1048", "kz1048", "strk1048-2002", "rk1048", "cskz1048"}},
    {"ptcp154", &kPtcp154, {"ptcp154", "pt154", "cp154", "csptcp154", "cyrillic-asian", "pt-154"}},
}};

const RegionalCharset* regional_charset(std::string_view label) {
  if (label.empty()) return nullptr;  // the label arrays' unused slots are empty
  const auto lowered = lower(std::string(label));
  for (const auto& charset : kRegionalCharsets) {
    if (std::find(charset.labels.begin(), charset.labels.end(), lowered) != charset.labels.end()) return &charset;
  }
  return nullptr;
}

Result<std::string> decode_regional(std::string_view bytes, const RegionalCharset& charset) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char byte : bytes) {
    const auto b = static_cast<unsigned char>(byte);
    if (b < 0x80) {
      out += byte;
      continue;
    }
    const char16_t c = (*charset.high)[b - 0x80];
    if (c == 0) return make_error(ErrorKind::kInvalidInput, "bytes are not valid " + std::string(charset.name));
    append_utf8(out, c);
  }
  return out;
}

std::string internal_name(const std::string& label) {
  Converter converter = open_strict(label);
  if (!converter) return {};
  UErrorCode status = U_ZERO_ERROR;
  return ucnv_getName(converter.get(), &status);
}

// Length of the well-formed sequence at `i`, or 0; `span` is then the length
// of the maximal ill-formed subsequence there (at least 1).
size_t sequence_at(std::string_view s, size_t i, size_t& span) {
  const auto c = static_cast<unsigned char>(s[i]);
  span = 1;
  if (c < 0x80) return 1;
  const size_t length = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (length == 0) return 0;
  for (size_t k = 1; k < length; ++k) {
    if (i + k >= s.size()) return 0;
    const auto b = static_cast<unsigned char>(s[i + k]);
    unsigned char low = 0x80, high = 0xBF;
    if (k == 1 && c == 0xE0) low = 0xA0;
    if (k == 1 && c == 0xED) high = 0x9F;
    if (k == 1 && c == 0xF0) low = 0x90;
    if (k == 1 && c == 0xF4) high = 0x8F;
    if (b < low || b > high) return 0;
    span = k + 1;
  }
  return length;
}

// A well-formed two-byte sequence at `i` (Cyrillic: most of the region's
// text), told without sequence_at's general checks.
bool two_byte_at(std::string_view s, size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  return lead >= 0xC2 && lead <= 0xDF && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80;
}

// Skips ASCII eight bytes at a time: most of a feed's markup.
size_t skip_ascii(std::string_view s, size_t i) {
  while (i + 8 <= s.size()) {
    std::uint64_t chunk;
    std::memcpy(&chunk, s.data() + i, 8);
    if (chunk & 0x8080808080808080ULL) break;
    i += 8;
  }
  while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  return i;
}

// --- Telling the region's single-byte Cyrillic charsets apart ---------------
//
// A short title holds too few bytes for byte statistics; what gives a wrong
// charset away is the text it decodes to: rare letters, capitals inside words,
// symbols where letters should be, Cyrillic glued to Latin. Each character a
// candidate decodes a high byte to is scored by how often it occurs in the
// region's Cyrillic text; the best total wins.

// Per-mille frequencies of lower-case letters in Russian text (Kazakh,
// Kyrgyz and Tajik text in these charsets uses the same letters).
constexpr std::array<double, 33> kLetterFrequency{
    80.1, 15.9, 45.4, 17.0, 29.8, 84.5, 9.4,  16.5, 73.5, 12.1, 34.9, 44.0, 32.1, 67.0, 109.7, 28.1, 47.3,
    54.7, 62.6, 26.2, 2.6,  9.7,  4.8,  14.4, 7.3,  3.6,  0.4,  19.0, 17.4, 3.2,  6.4,  20.1,  0.4 /* ё */};

constexpr bool is_cyrillic(char32_t c) { return c >= 0x400 && c <= 0x4FF; }
constexpr bool is_upper_cyrillic(char32_t c) { return c >= 0x400 && c <= 0x42F; }
constexpr bool is_latin_letter(char32_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

double letter_probability(char32_t lower) {
  if (lower >= 0x430 && lower <= 0x44F) return kLetterFrequency[lower - 0x430] / 1000;
  if (lower == 0x451) return kLetterFrequency[32] / 1000;
  if (lower == 0x456) return 0.002;  // і: Kazakh, Ukrainian
  return 0.0002;                     // ђ, љ, ќ, ў, ...: other languages' letters
}

double char_log_probability(char32_t c, char32_t previous) {
  static constexpr char32_t kPunctuation[] = {0xA0,   0xAB,   0xBB,   0xB0,   0x2013, 0x2014, 0x2026,
                                              0x2116, 0x201C, 0x201D, 0x201E, 0x2018, 0x2019};
  if (!is_cyrillic(c)) {
    const bool common = std::find(std::begin(kPunctuation), std::end(kPunctuation), c) != std::end(kPunctuation);
    return std::log(common ? 0.002 : 0.00001);
  }
  if (is_latin_letter(previous)) return std::log(0.000001);  // Cyrillic glued to Latin
  const bool upper = is_upper_cyrillic(c);
  const char32_t lower = !upper ? c : c >= 0x410 ? c + 0x20 : c + 0x50;
  const double case_factor = !upper ? 1.0 : is_cyrillic(previous) ? 0.02 : 0.3;
  return std::log(letter_probability(lower) * case_factor);
}

// Mean log-probability of the characters the high bytes decode to.
std::optional<double> cyrillic_plausibility(std::string_view bytes, const char* charset) {
  auto utf8 = to_utf8(bytes, charset);
  if (!utf8) return std::nullopt;
  double total = 0;
  size_t count = 0;
  char32_t previous = ' ';
  for (size_t i = 0; i < utf8->size();) {
    const char32_t c = decode_utf8(*utf8, i);
    if (c >= 0x80) total += char_log_probability(c, previous), ++count;
    previous = c;
  }
  if (count == 0) return std::nullopt;
  return total / static_cast<double>(count);
}

// The Cyrillic charset whose text is most plausible, or empty when none is.
std::string best_cyrillic(std::string_view bytes) {
  static constexpr const char* kCandidates[] = {"windows-1251", "koi8-r", "ibm866", "x-mac-cyrillic", "iso-8859-5"};
  static const double kPlausible = std::log(0.005);
  std::string best;
  double best_score = kPlausible;
  for (const char* charset : kCandidates) {
    if (auto score = cyrillic_plausibility(bytes, charset); score && *score > best_score) {
      best = charset;
      best_score = *score;
    }
  }
  return best;
}

std::string uchardet_guess(std::string_view bytes) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, decltype(&uchardet_delete)> detector(uchardet_new(),
                                                                                          uchardet_delete);
  if (uchardet_handle_data(detector.get(), bytes.data(), bytes.size()) != 0) return {};
  uchardet_data_end(detector.get());
  return lower(uchardet_get_charset(detector.get()));
}

// uchardet's answers that short Cyrillic text is often mistaken for: the
// other Cyrillic charsets, Latin ones, and Greek (KOI8-R capitals fall where
// ISO-8859-7 has Greek letters).
bool may_be_cyrillic(const std::string& guess) {
  static constexpr std::string_view kAnswers[] = {
      "",           "ascii",        "windows-1251", "koi8-r",      "ibm866",     "mac-cyrillic", "iso-8859-5",
      "ibm855",     "windows-1252", "iso-8859-1",   "iso-8859-15", "iso-8859-2", "windows-1250", "mac-centraleurope",
      "iso-8859-7", "windows-1253"};
  return std::find(std::begin(kAnswers), std::end(kAnswers), guess) != std::end(kAnswers);
}

}  // namespace

std::string canonical_charset(const std::string& label) {
  if (const auto* regional = regional_charset(label)) return std::string(regional->name);
  const auto internal = internal_name(label);
  if (internal.empty()) return {};
  for (const char* standard : {"MIME", "IANA"}) {
    UErrorCode status = U_ZERO_ERROR;
    const char* name = ucnv_getStandardName(internal.c_str(), standard, &status);
    if (name && U_SUCCESS(status) && internal_name(name) == internal) return lower(name);
  }
  return icu_label(label);
}

Result<std::string> to_utf8(std::string_view bytes, const std::string& charset) {
  if (const auto* regional = regional_charset(charset)) return decode_regional(bytes, *regional);
  Converter converter = open_strict(charset);
  if (!converter) return make_error(ErrorKind::kInvalidInput, "unknown character set \"" + charset + "\"");
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString unicode(bytes.data(), static_cast<int32_t>(bytes.size()), converter.get(), status);
  if (U_FAILURE(status)) {
    return make_error(ErrorKind::kInvalidInput, "bytes are not valid " + charset);
  }
  std::string out;
  unicode.toUTF8String(out);
  return out;
}

bool is_valid_utf8(std::string_view bytes) { return utf8_census(bytes).invalid == 0; }

Utf8Census utf8_census(std::string_view bytes) {
  Utf8Census census;
  size_t i = skip_ascii(bytes, 0);
  while (i < bytes.size()) {
    if (two_byte_at(bytes, i)) {
      ++census.multibyte;
      i += 2;
      if (i < bytes.size() && static_cast<unsigned char>(bytes[i]) < 0x80) i = skip_ascii(bytes, i);
      continue;
    }
    size_t span = 1;
    const size_t length = sequence_at(bytes, i, span);
    if (length == 0)
      ++census.invalid, i += span;
    else
      ++census.multibyte, i += length;
    i = skip_ascii(bytes, i);
  }
  return census;
}

std::string decode_utf8_lenient(std::string_view bytes, std::size_t& replaced) {
  std::string out;
  out.reserve(bytes.size() + 16);
  replaced = 0;
  size_t i = 0;
  while (i < bytes.size()) {
    const size_t ascii_end = skip_ascii(bytes, i);
    out.append(bytes.data() + i, ascii_end - i);
    i = ascii_end;
    if (i >= bytes.size()) break;
    size_t span = 1;
    const size_t length = sequence_at(bytes, i, span);
    if (length > 0) {
      out.append(bytes.data() + i, length);
      i += length;
    } else {
      append_utf8(out, 0xFFFD);
      ++replaced;
      i += span;
    }
  }
  return out;
}

std::string detect_charset(std::string_view bytes) {
  bytes = bytes.substr(0, 1 << 16);
  const auto guess = uchardet_guess(bytes);
  if (may_be_cyrillic(guess)) {
    if (auto cyrillic = best_cyrillic(bytes); !cyrillic.empty()) return cyrillic;
  }
  if (guess.empty() || guess == "ascii") return {};
  return canonical_charset(guess);
}

}  // namespace khabar::text
