#include "parse/atom_text.h"

#include <array>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "parse/html_text.h"
#include "parse/xml_names.h"

namespace khabar::parse {
namespace {

std::string base64_decode(std::string_view text) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : text) {
    const auto value = kAlphabet.find(c);
    if (value == std::string_view::npos) continue;  // whitespace, padding
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    if ((count += 6) >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

std::string escape_text(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '<')
      out += "&lt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

bool is_xhtml(std::string_view type) { return type == "xhtml" || type == "application/xhtml+xml"; }

// A media type whose content is neither text nor XML: RFC 4287 4.1.3.3
// says it is base64.
bool is_binary(std::string_view type) {
  if (type.empty() || type == "text" || type == "html" || is_xhtml(type)) return false;
  if (type.substr(0, 5) == "text/") return false;
  return type.find("xml") == std::string_view::npos;
}

// The children of the XHTML <div> that wraps the content, else all children.
std::string xhtml_payload(const pugi::xml_node& node) {
  pugi::xml_node only;
  for (auto part : node.children()) {
    if (part.type() == pugi::node_element) {
      if (only) return inner_xml(node);
      only = part;
    } else if (part.type() != pugi::node_pcdata || !is_blank(part.value())) {
      return inner_xml(node);
    }
  }
  return only && local_name(only) == "div" ? inner_xml(only) : inner_xml(node);
}

}  // namespace

std::string inner_xml(const pugi::xml_node& node) {
  std::ostringstream out;
  for (auto part : node.children()) part.print(out, "", pugi::format_raw);
  return out.str();
}

std::string inner_text(const pugi::xml_node& node) {
  std::string out;
  for (auto part : node.children()) {
    if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata)
      out += part.value();
    else if (part.type() == pugi::node_element)
      return inner_xml(node);
  }
  return out;
}

std::optional<std::string> atom_markup(const pugi::xml_node& node) {
  if (!node) return std::nullopt;
  const std::string_view type = node.attribute("type").value();
  const std::string_view mode = node.attribute("mode").value();
  std::string markup;
  if (is_xhtml(type) || mode == "xml")
    markup = xhtml_payload(node);
  else if (mode == "base64" || is_binary(type))
    markup = base64_decode(inner_text(node));
  else
    markup = inner_text(node);
  if (type == "text" || type == "text/plain") markup = escape_text(markup);
  if (is_blank(markup)) return std::nullopt;
  return markup;
}

std::optional<std::string> atom_text(const pugi::xml_node& node, bool* stripped) {
  auto markup = atom_markup(node);
  if (!markup) return std::nullopt;
  auto text = html_to_text(*markup, stripped);
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace khabar::parse
