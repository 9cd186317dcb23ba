// HTML named character references, shared by the XML repair pass and the
// fast path of html_to_text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace khabar::parse {

// The code point of an HTML 4 named reference ("nbsp" → U+00A0), or nullopt.
std::optional<std::uint32_t> html_entity(std::string_view name);

void append_utf8(std::string& out, std::uint32_t codepoint);

}  // namespace khabar::parse
