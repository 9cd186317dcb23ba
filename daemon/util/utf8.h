// Minimal UTF-8 helpers for code that walks text it already knows is valid.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace khabar {

void append_utf8(std::string& out, std::uint32_t codepoint);

// Decodes the sequence at `i` and advances past it. The input must be valid
// UTF-8 (as ICU and the parser produce); a truncated tail ends the sequence.
std::uint32_t decode_utf8(std::string_view text, size_t& i);

}  // namespace khabar
