#include "parse/article_extractor.h"

#include <algorithm>
#include <array>
#include <vector>

#include "parse/html_dom.h"
#include "parse/html_text.h"

namespace khabar::parse {
namespace {

bool is_paragraph(std::string_view name) {
  static constexpr std::array<std::string_view, 6> kNames{"p", "h2", "h3", "h4", "blockquote", "pre"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

size_t text_length(const pugi::xml_node& node) { return fold_whitespace(node_text(pugi::xpath_node(node))).size(); }

size_t link_text_length(const pugi::xml_node& node) {
  size_t length = 0;
  for (const auto& link : node.select_nodes(".//a")) length += text_length(link.node());
  return length;
}

// A paragraph that is mostly a link ("Read also: ...") is not body text.
bool is_body_paragraph(const pugi::xml_node& node) {
  if (!is_paragraph(node.name())) return false;
  const size_t length = text_length(node);
  return length > 0 && link_text_length(node) * 2 < length;
}

// The body paragraphs that are direct children of `container`.
std::vector<pugi::xml_node> body_paragraphs(const pugi::xml_node& container) {
  std::vector<pugi::xml_node> out;
  for (auto child : container.children()) {
    if (child.type() == pugi::node_element && is_body_paragraph(child)) out.push_back(child);
  }
  return out;
}

size_t score(const pugi::xml_node& container) {
  size_t total = 0;
  for (const auto& paragraph : body_paragraphs(container)) total += text_length(paragraph);
  return total;
}

std::string lines_of(const std::vector<pugi::xml_node>& paragraphs) {
  std::string out;
  for (const auto& paragraph : paragraphs) {
    auto line = fold_whitespace(node_text(pugi::xpath_node(paragraph)));
    if (line.empty()) continue;
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

Result<std::string> by_density(const pugi::xml_document& page) {
  pugi::xml_node best;
  size_t best_score = 0;
  for (const auto& candidate : page.select_nodes("//*[p or h2 or h3 or blockquote]")) {
    const size_t s = score(candidate.node());
    if (s > best_score) best_score = s, best = candidate.node();
  }
  if (!best) return make_error(ErrorKind::kInvalidInput, "the page has no paragraphs of text");
  return lines_of(body_paragraphs(best));
}

Result<std::string> by_xpath(const pugi::xml_document& page, const std::string& xpath) {
  if (auto error = xpath_error(xpath))
    return make_error(ErrorKind::kInvalidInput, "xpath_article \"" + xpath + "\": " + *error);
  const auto found = page.select_node(xpath.c_str());
  if (!found)
    return make_error(ErrorKind::kInvalidInput, "xpath_article \"" + xpath + "\" selected nothing on the page");
  auto paragraphs = body_paragraphs(found.node());
  if (paragraphs.empty()) return fold_whitespace(node_text(found));
  return lines_of(paragraphs);
}

}  // namespace

Result<std::string> extract_article(std::string_view utf8_page, const std::string& xpath) {
  auto page = parse_html(utf8_page);
  if (!page) return page.error();
  auto text = xpath.empty() ? by_density(**page) : by_xpath(**page, xpath);
  if (text && text->empty()) return make_error(ErrorKind::kInvalidInput, "the page has no article text");
  return text;
}

}  // namespace khabar::parse
