#include "parse/html_entities.h"

#include <algorithm>
#include <iterator>

namespace khabar::parse {
namespace {

struct NamedEntity {
  const char* name;
  std::uint32_t codepoint;
};

constexpr NamedEntity kHtmlEntities[] = {
#include "parse/html_entities.inc"
};

}  // namespace

std::optional<std::uint32_t> html_entity(std::string_view name) {
  const auto* end = std::end(kHtmlEntities);
  const auto* it = std::lower_bound(std::begin(kHtmlEntities), end, name,
                                    [](const NamedEntity& e, std::string_view n) { return e.name < n; });
  if (it != end && it->name == name) return it->codepoint;
  return std::nullopt;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace khabar::parse
