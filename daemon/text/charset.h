// Character set conversion to UTF-8 (ICU converters).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "util/result.h"

namespace khabar::text {

// Converts `bytes` in `charset` (any name ICU knows: "windows-1251",
// "koi8-r", "cp866", ...; and the region's charsets ICU lacks: "koi8-t",
// "kz-1048", "ptcp154") to UTF-8. Fails with kInvalidInput when the charset
// is unknown or the bytes are not valid in it.
Result<std::string> to_utf8(std::string_view bytes, const std::string& charset);

// True when `bytes` is well-formed UTF-8.
bool is_valid_utf8(std::string_view bytes);

// How much of `bytes` is well-formed UTF-8: the multi-byte sequences that are
// valid and the maximal ill-formed subsequences (each one U+FFFD when decoded
// leniently). Linear time.
struct Utf8Census {
  std::size_t multibyte = 0;
  std::size_t invalid = 0;
};
Utf8Census utf8_census(std::string_view bytes);

// UTF-8 with each maximal ill-formed subsequence replaced by U+FFFD (the
// Unicode and WHATWG practice); `replaced` is how many.
std::string decode_utf8_lenient(std::string_view bytes, std::size_t& replaced);

// The most likely charset of undeclared, non-UTF-8 bytes, or empty when
// nothing fits. Short texts in the region's single-byte Cyrillic charsets
// (windows-1251, koi8-r, ibm866, x-mac-cyrillic) are told apart by how
// plausible the letters they decode to are; everything else is uchardet's
// guess, by its name ICU knows.
std::string detect_charset(std::string_view bytes);

// Canonical lower-case name for a charset label ("CP1251" → "windows-1251"):
// its MIME or IANA name when ICU has one that opens the same converter, else
// the label itself, lower-cased; empty when ICU does not know the label.
std::string canonical_charset(const std::string& label);

}  // namespace khabar::text
