#include "parse/html_text.h"

#include <gumbo.h>

#include <memory>

namespace khabar::parse {
namespace {

struct GumboDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

bool is_skipped(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE ||
         tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_HEAD;
}

bool is_inline(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_B: case GUMBO_TAG_I: case GUMBO_TAG_EM: case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SPAN: case GUMBO_TAG_U: case GUMBO_TAG_S: case GUMBO_TAG_SMALL: case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP: case GUMBO_TAG_ABBR: case GUMBO_TAG_CODE: case GUMBO_TAG_MARK: case GUMBO_TAG_Q:
    case GUMBO_TAG_CITE: case GUMBO_TAG_FONT:
      return true;
    default:
      return false;
  }
}

void collect_text(const GumboNode* node, std::string& out) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
    out += node->v.text.text;
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return;
  const GumboVector* children = nullptr;
  if (node->type == GUMBO_NODE_ELEMENT) {
    if (is_skipped(node->v.element.tag)) return;
    children = &node->v.element.children;
  } else {
    children = &node->v.document.children;
  }
  const bool block = node->type == GUMBO_NODE_ELEMENT && !is_inline(node->v.element.tag);
  if (block) out += ' ';
  for (unsigned i = 0; i < children->length; ++i) {
    collect_text(static_cast<const GumboNode*>(children->data[i]), out);
  }
  if (block) out += ' ';
}

// Length of the UTF-8 whitespace sequence at `i` (ASCII, NBSP, U+2000-200A,
// U+202F, U+205F, U+3000), or 0.
size_t whitespace_length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < s.size()) {
    const auto c1 = static_cast<unsigned char>(s[i + 1]), c2 = static_cast<unsigned char>(s[i + 2]);
    if (c1 == 0x80 && (c2 <= 0x8A || c2 == 0xAF)) return 3;
    if (c1 == 0x81 && c2 == 0x9F) return 3;
  }
  if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0x80) {
    return 3;
  }
  return 0;
}

}  // namespace

std::string fold_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t i = 0; i < text.size();) {
    if (const size_t n = whitespace_length(text, i)) {
      pending_space = !out.empty();
      i += n;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += text[i++];
  }
  return out;
}

std::string html_to_text(std::string_view html) {
  if (html.find_first_of("<&") == std::string_view::npos) return fold_whitespace(html);
  std::unique_ptr<GumboOutput, GumboDeleter> output(
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
  std::string text;
  collect_text(output->document, text);
  return fold_whitespace(text);
}

}  // namespace khabar::parse
