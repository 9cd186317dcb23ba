// Atom text and content constructs (RFC 4287 3.1 and 4.1.3, and Atom 0.3's
// `mode`): the markup or text an element carries, whatever way it was put in.
#pragma once

#include <optional>
#include <pugixml.hpp>
#include <string>

namespace khabar::parse {

// The element's payload as HTML: escaped HTML as is, XHTML without its
// wrapping <div>, base64 (mode="base64" or a non-text media type) decoded,
// plain text escaped. nullopt when the element is absent or blank.
std::optional<std::string> atom_markup(const pugi::xml_node& node);

// The same as plain text (tags dropped, references decoded, whitespace
// folded); `stripped` as for html_to_text.
std::optional<std::string> atom_text(const pugi::xml_node& node, bool* stripped = nullptr);

// Markup that is character data (text and CDATA); an element child (HTML a
// feed put in unescaped) makes it the serialized children instead.
std::string inner_text(const pugi::xml_node& node);

// The serialized children of the node.
std::string inner_xml(const pugi::xml_node& node);

}  // namespace khabar::parse
