#include "parse/html_text.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>

#include "parse/html_entities.h"

namespace khabar::parse {
namespace {

struct GumboDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

bool is_skipped(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_NOSCRIPT ||
         tag == GUMBO_TAG_HEAD;
}

bool is_inline(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_A:
    case GUMBO_TAG_B:
    case GUMBO_TAG_I:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_U:
    case GUMBO_TAG_S:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_FONT:
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

constexpr bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// A set of bytes to scan for. std::string_view::find_first_of calls memchr
// on the set for every byte of the text; one table lookup a byte is several
// times faster over a feed's worth of text.
class ByteSet {
 public:
  constexpr explicit ByteSet(std::string_view members) {
    for (const char c : members) member_[static_cast<unsigned char>(c)] = true;
  }
  // The first position at or after `from` holding a member, or npos.
  size_t find_in(std::string_view text, size_t from) const {
    for (size_t i = from; i < text.size(); ++i) {
      if (member_[static_cast<unsigned char>(text[i])]) return i;
    }
    return std::string_view::npos;
  }

 private:
  std::array<bool, 256> member_{};
};

constexpr ByteSet kMarkup("<&");
constexpr ByteSet kMarkupOrReturn("<&\r");

// Tags the fast path knows; each must be treated exactly as collect_text
// treats it (block elements add spaces, inline ones do not).
bool is_simple_tag(std::string_view name) {
  static constexpr std::string_view kTags[] = {
      "a",          "abbr",   "b",  "blockquote", "br", "cite",  "code", "dd",     "div", "dl",  "dt",  "em",
      "figcaption", "figure", "h1", "h2",         "h3", "h4",    "h5",   "h6",     "hr",  "i",   "img", "li",
      "mark",       "ol",     "p",  "q",          "s",  "small", "span", "strong", "sub", "sup", "u",   "ul"};
  return std::find(std::begin(kTags), std::end(kTags), name) != std::end(kTags);
}

bool is_inline_name(std::string_view name) {
  static constexpr std::string_view kInline[] = {"a", "abbr", "b",     "cite", "code",   "em",  "i",   "mark",
                                                 "q", "s",    "small", "span", "strong", "sub", "sup", "u"};
  return std::find(std::begin(kInline), std::end(kInline), name) != std::end(kInline);
}

// At '&': appends the decoded reference; false when it is not a
// well-formed one (gumbo's error recovery decides those).
bool simple_entity(std::string_view html, size_t& i, std::string& out) {
  const auto found = html.substr(i, 14).find(';');  // bounded: linear over any input
  if (found == std::string_view::npos) return false;
  const auto semicolon = i + found;
  const auto name = html.substr(i + 1, semicolon - i - 1);
  std::uint32_t cp = 0;
  if (name == "amp")
    cp = '&';
  else if (name == "lt")
    cp = '<';
  else if (name == "gt")
    cp = '>';
  else if (name == "quot")
    cp = '"';
  else if (name == "apos")
    cp = '\'';
  else if (auto named = html_entity(name))
    cp = *named;
  else if (name.size() > 1 && name[0] == '#' && std::all_of(name.begin() + 1, name.end(), ::isdigit) &&
           name.size() < 8) {
    cp = static_cast<std::uint32_t>(std::stoul(std::string(name.substr(1))));
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp <= 0x9F)) return false;
  } else {
    return false;
  }
  append_utf8(out, cp);
  i = semicolon + 1;
  return true;
}

// At '<': reads one start or end tag of a known simple element.
bool simple_tag(std::string_view html, size_t& i, std::string& out) {
  size_t j = i + 1 + (i + 1 < html.size() && html[i + 1] == '/');
  const size_t name_start = j;
  while (j < html.size() && std::isalnum(static_cast<unsigned char>(html[j]))) ++j;
  std::string name(html.substr(name_start, j - name_start));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name.empty() || !is_simple_tag(name)) return false;
  char quote = 0;
  for (; j < html.size(); ++j) {
    const char c = html[j];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '<') {
      return false;
    } else if (c == '>') {
      break;
    }
  }
  if (j >= html.size()) return false;
  if (!is_inline_name(name)) out += ' ';
  i = j + 1;
  return true;
}

bool simple_html_text(std::string_view html, std::string& out) {
  out.reserve(html.size());
  size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      if (!simple_tag(html, i, out)) return false;
    } else if (c == '&') {
      if (!simple_entity(html, i, out)) return false;
    } else if (c == '\0' || c == '\r') {
      return false;  // gumbo rewrites these
    } else {
      const auto next = kMarkupOrReturn.find_in(html, i + 1);
      const auto end = next == std::string_view::npos ? html.size() : next;
      out.append(html.data() + i, end - i);
      i = end;
    }
  }
  return true;
}

// What gumbo is given at most. Its memory grows with the number of elements
// and faster than linearly with their nesting (20,000 nested elements in 180
// KB took 3 GB), so fragments beyond these bounds are stripped of tags
// instead: linear time, memory the size of the text.
constexpr std::size_t kMaxGumboBytes = 512 << 10;
constexpr std::size_t kMaxGumboDepth = 128;
constexpr std::size_t kBytesPerGumboTag = 48;  // gumbo takes ~260 bytes a tag: about 5x the fragment
constexpr unsigned kMaxGumboErrors = 64;

bool is_void_element(std::string_view name) {
  static constexpr std::string_view kVoid[] = {"area",  "base", "br",   "col",   "embed",  "hr",    "img",
                                               "input", "link", "meta", "param", "source", "track", "wbr"};
  return std::find(std::begin(kVoid), std::end(kVoid), name) != std::end(kVoid);
}

// The tag at `i` (at '<'): its lower-cased name, whether it closes, and the
// index after its '>' (html.size() when unterminated).
struct Tag {
  std::string name;
  bool closing = false;
  bool self_closing = false;
  size_t end = 0;
};

Tag read_tag(std::string_view html, size_t i) {
  Tag tag;
  size_t j = i + 1;
  if (j < html.size() && html[j] == '/') tag.closing = true, ++j;
  while (j < html.size() && std::isalnum(static_cast<unsigned char>(html[j])) && tag.name.size() < 16) {
    tag.name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[j++])));
  }
  const auto close = html.find('>', j);
  tag.end = close == std::string_view::npos ? html.size() : close + 1;
  tag.self_closing = close != std::string_view::npos && close > 0 && html[close - 1] == '/';
  return tag;
}

// Nesting depth and tag count, estimated in one pass: bounded before gumbo
// sees the fragment.
bool fits_gumbo(std::string_view html) {
  if (html.size() > kMaxGumboBytes) return false;
  const size_t max_tags = std::max<size_t>(64, html.size() / kBytesPerGumboTag);
  size_t depth = 0, tags = 0;
  for (size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1)) {
    const auto tag = read_tag(html, i);
    if (tag.name.empty()) continue;
    if (++tags > max_tags) return false;
    if (tag.closing)
      depth -= depth > 0 ? 1 : 0;
    else if (!tag.self_closing && !is_void_element(tag.name) && ++depth > kMaxGumboDepth)
      return false;
  }
  return true;
}

// Plain tag stripping: the fallback for fragments gumbo is not given.
// Script and style contents are dropped, block tags become spaces, and
// well-formed references are decoded.
std::string strip_tags(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  size_t i = 0;
  while (i < html.size()) {
    if (html[i] == '<') {
      const auto tag = read_tag(html, i);
      i = tag.end;
      if (tag.name.empty()) continue;
      if (!tag.closing && (tag.name == "script" || tag.name == "style")) {
        const auto end = html.find("</", i);  // to the next end tag: good enough for a fallback
        i = end == std::string_view::npos ? html.size() : read_tag(html, end).end;
      }
      if (!is_inline_name(tag.name)) out += ' ';
    } else if (html[i] == '&') {
      if (!simple_entity(html, i, out)) out += html[i++];
    } else {
      const auto next = kMarkup.find_in(html, i);
      const auto end = next == std::string_view::npos ? html.size() : next;
      out.append(html.data() + i, end - i);
      i = end;
    }
  }
  return out;
}

}  // namespace

std::string fold_whitespace(std::string_view text) {
  // The result is never longer than the text: written in place, a word at
  // a time (one copy, not an append with its checks per word).
  std::string out(text.size(), '\0');
  char* const begin = out.data();
  char* at = begin;
  size_t i = 0;
  while (true) {
    while (i < text.size() && is_space(text[i])) ++i;
    size_t end = i;
    while (end < text.size() && !is_space(text[end])) ++end;
    if (end == i) break;
    if (at != begin) *at++ = ' ';
    std::memcpy(at, text.data() + i, end - i);
    at += end - i;
    i = end;
  }
  out.resize(static_cast<size_t>(at - begin));
  return out;
}

bool is_blank(std::string_view text) { return std::all_of(text.begin(), text.end(), is_space); }

std::string html_to_text_with_gumbo(std::string_view html, bool* stripped) {
  if (!fits_gumbo(html)) {
    if (stripped) *stripped = true;
    return fold_whitespace(strip_tags(html));
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = kMaxGumboErrors;
  std::unique_ptr<GumboOutput, GumboDeleter> output(gumbo_parse_with_options(&options, html.data(), html.size()));
  std::string text;
  collect_text(output->document, text);
  return fold_whitespace(text);
}

std::string html_to_text(std::string_view html, bool* stripped) {
  if (kMarkup.find_in(html, 0) == std::string_view::npos) return fold_whitespace(html);
  std::string text;
  if (simple_html_text(html, text)) return fold_whitespace(text);
  return html_to_text_with_gumbo(html, stripped);
}

}  // namespace khabar::parse
