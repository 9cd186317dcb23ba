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

}  // namespace khabar::parse
