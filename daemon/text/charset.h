// Character set conversion to UTF-8 (ICU converters).
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace khabar::text {

// Converts `bytes` in `charset` (any name ICU knows: "windows-1251",
// "koi8-r", "cp866", ...) to UTF-8. Fails with kInvalidInput when the charset
// is unknown or the bytes are not valid in it.
Result<std::string> to_utf8(std::string_view bytes, const std::string& charset);

// True when `bytes` is well-formed UTF-8.
bool is_valid_utf8(std::string_view bytes);

// The most likely charset of undeclared, non-UTF-8 bytes, by ICU's
// statistical detector, among the single-byte charsets of the region's
// feeds; "windows-1251" when nothing fits better.
std::string detect_charset(std::string_view bytes);

// Canonical lower-case name for a charset label ("CP1251" → "windows-1251"),
// or empty when ICU does not know it.
std::string canonical_charset(const std::string& label);

}  // namespace khabar::text
