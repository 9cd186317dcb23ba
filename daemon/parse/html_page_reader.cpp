#include "parse/html_page_reader.h"

#include "parse/date_parser.h"
#include "parse/html_dom.h"
#include "parse/html_text.h"
#include "util/url.h"

namespace khabar::parse {
namespace {

struct Query {
  const char* key;
  const std::string* expression;
};

// Compiles every non-empty selector, or says which one is wrong.
Status check_selectors(const HtmlSelectors& s) {
  for (const auto& q :
       {Query{"xpath_item", &s.item}, Query{"xpath_link", &s.link}, Query{"xpath_title", &s.title},
        Query{"xpath_date", &s.date}, Query{"xpath_summary", &s.summary}, Query{"xpath_author", &s.author}}) {
    if (q.expression->empty()) continue;
    if (auto error = xpath_error(*q.expression)) {
      return make_error(ErrorKind::kInvalidInput, std::string(q.key) + " \"" + *q.expression + "\": " + *error);
    }
  }
  if (s.item.empty() || s.link.empty()) {
    return make_error(ErrorKind::kInvalidInput, "an HTML source needs xpath_item and xpath_link");
  }
  return Status::success();
}

// The folded text of what `expression` selects under `node`, or nullopt.
std::optional<std::string> value_at(const pugi::xml_node& node, const std::string& expression) {
  if (expression.empty()) return std::nullopt;
  const auto found = node.select_node(expression.c_str());
  if (!found) return std::nullopt;
  auto text = fold_whitespace(node_text(found));
  if (text.empty()) return std::nullopt;
  return text;
}

// A <time datetime="..."> says the date in a machine's form: it wins over
// the text people see ("16:05", "вчера").
std::optional<UnixTime> date_at(const pugi::xml_node& node, const std::string& expression,
                                const std::string& utc_offset) {
  if (expression.empty()) return std::nullopt;
  const auto found = node.select_node(expression.c_str());
  if (!found) return std::nullopt;
  if (!found.attribute()) {
    if (auto machine = found.node().attribute("datetime")) {
      if (auto date = parse_date(machine.value())) return date;
    }
  }
  const auto text = fold_whitespace(node_text(found));
  if (text.empty()) return std::nullopt;
  // A date with a zone of its own does not read with a second one added.
  if (!utc_offset.empty()) {
    if (auto local = parse_date(text + " " + utc_offset)) return local;
  }
  return parse_date(text);
}

std::optional<Item> read_item(const pugi::xml_node& node, const std::string& page_url, const HtmlSelectors& s) {
  const auto link_node = node.select_node(s.link.c_str());
  if (!link_node) return std::nullopt;
  // A link selector may point at the <a> itself or at its href.
  const std::string href =
      link_node.attribute() ? link_node.attribute().value() : link_node.node().attribute("href").value();
  const auto link = fold_whitespace(href);
  if (link.empty()) return std::nullopt;
  Item item;
  item.link = resolve_url(page_url, link);
  item.id = item.link;
  item.title = value_at(node, s.title);
  if (!item.title && !link_node.attribute()) item.title = value_at(link_node.node(), ".");
  item.published = date_at(node, s.date, s.utc_offset);
  item.summary = value_at(node, s.summary);
  item.author = value_at(node, s.author);
  return item;
}

}  // namespace

Result<ParsedFeed> read_html_page(const pugi::xml_document& page, const std::string& page_url,
                                  const HtmlSelectors& selectors) {
  if (auto status = check_selectors(selectors); !status) return status.error();
  ParsedFeed out;
  out.feed.format = "html";
  out.feed.title = value_at(page, "//title");
  out.feed.link = page_url;
  const auto nodes = page.select_nodes(selectors.item.c_str());
  if (nodes.empty()) {
    return make_error(ErrorKind::kInvalidInput, "xpath_item \"" + selectors.item + "\" selected nothing on the page");
  }
  for (const auto& node : nodes) {
    if (auto item = read_item(node.node(), page_url, selectors)) out.items.push_back(std::move(*item));
  }
  return out;
}

}  // namespace khabar::parse
