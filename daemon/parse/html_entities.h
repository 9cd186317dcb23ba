// HTML named character references, shared by the XML repair pass and the
// fast path of html_to_text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/utf8.h"

namespace khabar::parse {

// The code point of an HTML 4 named reference ("nbsp" → U+00A0), or nullopt.
std::optional<std::uint32_t> html_entity(std::string_view name);

}  // namespace khabar::parse
