#include "parse/html_dom.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace khabar::parse {
namespace {

struct GumboOutputDeleter {
  GumboOptions options;
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&options, output); }
};

bool is_dropped(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_NOSCRIPT;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string tag_name(const GumboElement& element) {
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  GumboStringPiece original = element.original_tag;
  gumbo_tag_from_original_text(&original);
  std::string name = lower(std::string_view(original.data, original.length));
  std::erase_if(
      name, [](char c) { return !(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':'); });
  return name.empty() ? "unknown" : name;
}

// Tags a browser closes by itself (or that never hold content): they say
// nothing about how deep a page nests.
bool never_counted(std::string_view name) {
  static constexpr std::array<std::string_view, 22> kNames{
      "area",  "base", "br",    "col", "embed", "hr", "img", "input", "link",   "meta", "source",
      "track", "wbr",  "param", "p",   "li",    "td", "th",  "tr",    "option", "dt",   "dd"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// How deep the page's tags nest, counted from start and end tags without
// parsing: cheap enough to run before gumbo, whose memory grows with depth.
int estimated_depth(std::string_view html) {
  int depth = 0, deepest = 0;
  for (size_t i = html.find('<'); i != std::string_view::npos && i + 1 < html.size(); i = html.find('<', i + 1)) {
    const bool closing = html[i + 1] == '/';
    size_t start = i + 1 + (closing ? 1 : 0), end = start;
    while (end < html.size() && std::isalnum(static_cast<unsigned char>(html[end]))) ++end;
    if (end == start || never_counted(lower(html.substr(start, end - start)))) continue;
    if (closing) {
      depth = std::max(0, depth - 1);
    } else {
      const auto close = html.find('>', end);
      if (close != std::string_view::npos && close > 0 && html[close - 1] == '/') continue;
      deepest = std::max(deepest, ++depth);
    }
  }
  return deepest;
}

struct Pending {
  const GumboNode* node;
  pugi::xml_node parent;
  int depth;
};

void copy_attributes(const GumboElement& element, pugi::xml_node& out) {
  for (unsigned i = 0; i < element.attributes.length; ++i) {
    const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
    if (out.attribute(attribute->name)) continue;  // a repeated attribute: the first wins, as in browsers
    out.append_attribute(attribute->name) = attribute->value;
  }
}

// Copies gumbo's tree below `root` into `document`, iteratively. Elements
// deeper than max_depth are not created: their text joins the ancestor at
// that depth.
void copy_tree(const GumboNode* root, pugi::xml_document& document, int max_depth) {
  std::vector<Pending> stack{{root, document, 0}};
  while (!stack.empty()) {
    Pending next = stack.back();
    stack.pop_back();
    const GumboNode* node = next.node;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
      // Adjacent text nodes are fine for XPath (string() joins them), and
      // never merging keeps flattening linear.
      next.parent.append_child(pugi::node_pcdata).set_value(node->v.text.text);
      continue;
    }
    const GumboVector* children = nullptr;
    pugi::xml_node parent = next.parent;
    if (node->type == GUMBO_NODE_DOCUMENT) {
      children = &node->v.document.children;
    } else if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
      if (is_dropped(node->v.element.tag)) continue;
      children = &node->v.element.children;
      if (next.depth < max_depth) {
        parent = next.parent.append_child(tag_name(node->v.element).c_str());
        copy_attributes(node->v.element, parent);
      }
    } else {
      continue;  // comments
    }
    for (unsigned i = children->length; i-- > 0;) {
      stack.push_back({static_cast<const GumboNode*>(children->data[i]), parent, next.depth + 1});
    }
  }
}

}  // namespace

Result<std::unique_ptr<pugi::xml_document>> parse_html(std::string_view utf8, const HtmlLimits& limits) {
  if (utf8.size() > limits.max_bytes) {
    return make_error(ErrorKind::kInvalidInput, "page of " + std::to_string(utf8.size() / 1024) +
                                                    " KiB is over the limit of " +
                                                    std::to_string(limits.max_bytes / 1024) + " KiB");
  }
  if (const int depth = estimated_depth(utf8); depth > limits.max_estimated_depth) {
    return make_error(ErrorKind::kInvalidInput, "page nests its elements " + std::to_string(depth) +
                                                    " deep (the limit is " +
                                                    std::to_string(limits.max_estimated_depth) + "): refused");
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = static_cast<int>(limits.max_errors);
  std::unique_ptr<GumboOutput, GumboOutputDeleter> output(gumbo_parse_with_options(&options, utf8.data(), utf8.size()),
                                                          GumboOutputDeleter{options});
  auto document = std::make_unique<pugi::xml_document>();
  copy_tree(output->document, *document, limits.max_depth);
  return document;
}

std::optional<std::string> xpath_error(const std::string& expression) {
  try {
    pugi::xpath_query query(expression.c_str());
    if (query.return_type() != pugi::xpath_type_node_set) {
      return std::string("does not select nodes (it gives a ") +
             (query.return_type() == pugi::xpath_type_string ? "string" : "number or boolean") + ")";
    }
  } catch (const pugi::xpath_exception& error) {
    return std::string(error.what()) + " at offset " + std::to_string(error.result().offset);
  }
  return std::nullopt;
}

std::string has_class(std::string_view name) {
  return "contains(concat(' ', normalize-space(@class), ' '), ' " + std::string(name) + " ')";
}

std::string node_text(const pugi::xpath_node& node) {
  if (node.attribute()) return node.attribute().value();
  const auto n = node.node();
  if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) return n.value();
  std::string out;
  for (auto text : n.select_nodes(".//text()")) out += text.node().value();
  return out;
}

}  // namespace khabar::parse
