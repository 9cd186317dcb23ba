// Minimal UTF-8 helpers for code that walks text it already knows is valid.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace khabar {

void append_utf8(std::string& out, std::uint32_t codepoint);

// The sequences of three and four bytes, and the odd ones (see decode_utf8).
std::uint32_t decode_utf8_sequence(std::string_view text, size_t& i);

// Decodes the sequence at `i` and advances past it. The input must be valid
// UTF-8 (as ICU and the parser produce); a truncated tail ends the sequence.
// ASCII and two-byte sequences (Latin and Cyrillic letters: nearly all the
// region's text) are decoded inline.
inline std::uint32_t decode_utf8(std::string_view text, size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return ++i, lead;
  if ((lead & 0xE0) == 0xC0 && i + 1 < text.size()) {
    const std::uint32_t c = ((lead & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
    i += 2;
    return c;
  }
  return decode_utf8_sequence(text, i);
}

}  // namespace khabar
