#include "parse/telegram_page_reader.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "parse/date_parser.h"
#include "parse/html_dom.h"
#include "parse/html_text.h"
#include "util/url.h"
#include "util/utf8.h"

namespace khabar::parse {
namespace {

// Selects with a query whose class tests are written `.NAME`, as CSS would:
// ".tgme_widget_message_text" becomes the XPath class-token test.
pugi::xpath_node_set select(const pugi::xml_node& node, const std::string& query) {
  std::string xpath;
  for (size_t i = 0; i < query.size(); ++i) {
    if (query[i] != '.' || (i + 1 < query.size() && (query[i + 1] == '/' || query[i + 1] == '.'))) {
      xpath += query[i];
      continue;
    }
    size_t end = i + 1;
    while (end < query.size() && (std::isalnum(static_cast<unsigned char>(query[end])) || query[end] == '_')) ++end;
    xpath += has_class(query.substr(i + 1, end - i - 1));
    i = end - 1;
  }
  return node.select_nodes(xpath.c_str());
}

pugi::xml_node first(const pugi::xml_node& node, const std::string& query) {
  const auto found = select(node, query);
  return found.empty() ? pugi::xml_node() : found.first().node();
}

std::optional<std::string> text_of(const pugi::xml_node& node) {
  if (!node) return std::nullopt;
  auto text = fold_whitespace(node_text(pugi::xpath_node(node)));
  if (text.empty()) return std::nullopt;
  return text;
}

// Text as the reader sees it: source whitespace folds to one space, <br>
// is a line break, lines are trimmed, and blank lines collapse to one.
void append_rendered(const pugi::xml_node& node, std::string& out) {
  for (auto child : node.children()) {
    if (child.type() == pugi::node_pcdata) {
      out += child.value();
    } else if (child.type() == pugi::node_element) {
      if (std::string_view(child.name()) == "br")
        out += '\n';
      else
        append_rendered(child, out);
    }
  }
}

std::string rendered_text(const pugi::xml_node& node) {
  std::string raw;
  append_rendered(node, raw);
  std::string out;
  std::istringstream lines(raw);
  std::string line;
  int blank = 0;
  while (std::getline(lines, line)) {
    line = fold_whitespace(line);
    if (line.empty()) {
      ++blank;
      continue;
    }
    if (!out.empty()) out += blank > 0 ? "\n\n" : "\n";
    out += line;
    blank = 0;
  }
  return out;
}

std::string inner_html(const pugi::xml_node& node) {
  std::ostringstream out;
  for (auto child : node.children()) child.print(out, "", pugi::format_raw);
  return out.str();
}

// "background-image:url('https://...')" → the URL.
std::optional<std::string> background_image(std::string_view style) {
  const auto start = style.find("url(");
  if (start == std::string_view::npos) return std::nullopt;
  const auto end = style.find(')', start);
  if (end == std::string_view::npos) return std::nullopt;
  auto url = std::string(style.substr(start + 4, end - start - 4));
  std::erase_if(url, [](char c) { return c == '\'' || c == '"' || c == ' '; });
  if (url.empty()) return std::nullopt;
  return url;
}

// The text elements of a post, without the quoted post of a reply, and
// without the inner copy an album's caption nests in itself.
std::vector<pugi::xml_node> text_elements(const pugi::xml_node& message) {
  static const std::string kQuoteOrNested = "ancestor::a[" + has_class("tgme_widget_message_reply") +
                                            "] | ancestor::div[" + has_class("tgme_widget_message_text") + "]";
  std::vector<pugi::xml_node> out;
  for (const auto& found : select(message, ".//div[.tgme_widget_message_text]")) {
    if (found.node().select_node(kQuoteOrNested.c_str())) continue;
    out.push_back(found.node());
  }
  return out;
}

std::optional<LinkPreview> link_preview(const pugi::xml_node& message) {
  const auto preview = first(message, ".//a[.tgme_widget_message_link_preview]");
  if (!preview) return std::nullopt;
  LinkPreview out;
  out.url = preview.attribute("href").value();
  out.site = text_of(first(preview, ".//*[.link_preview_site_name]"));
  out.title = text_of(first(preview, ".//*[.link_preview_title]"));
  out.description = text_of(first(preview, ".//*[.link_preview_description]"));
  if (out.url.empty() && !out.title && !out.description) return std::nullopt;
  return out;
}

void add_media(const pugi::xml_node& message, Item& item) {
  for (const auto& photo : select(message, ".//a[.tgme_widget_message_photo_wrap]")) {
    if (auto url = background_image(photo.node().attribute("style").value())) {
      item.enclosures.push_back({*url, std::string("image/jpeg"), std::nullopt});
    }
  }
  for (const auto& video : select(message, ".//video[.tgme_widget_message_video]")) {
    if (const std::string src = video.node().attribute("src").value(); !src.empty()) {
      item.enclosures.push_back({src, std::string("video/mp4"), std::nullopt});
    }
  }
}

std::string preview_html(const LinkPreview& preview) {
  pugi::xml_document out;
  auto quote = out.append_child("blockquote");
  auto link = quote.append_child("a");
  link.append_attribute("href") = preview.url.c_str();
  link.text().set(preview.site.value_or(preview.url).c_str());
  if (preview.title) quote.append_child("b").text().set(preview.title->c_str());
  if (preview.description) quote.append_child("p").text().set(preview.description->c_str());
  std::ostringstream html;
  out.print(html, "", pugi::format_raw | pugi::format_no_declaration);
  return html.str();
}

// One post, or nullopt for a post without text or a service message.
std::optional<Item> read_post(const pugi::xml_node& message) {
  if (select(message, "self::*[.service_message]").size() > 0) return std::nullopt;
  const std::string post = message.attribute("data-post").value();
  const auto slash = post.rfind('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == post.size()) return std::nullopt;
  const auto number = post.substr(slash + 1);
  if (!std::all_of(number.begin(), number.end(), ::isdigit)) return std::nullopt;
  std::string text, html;
  for (const auto& element : text_elements(message)) {
    const auto part = rendered_text(element);
    if (part.empty()) continue;
    text += (text.empty() ? "" : "\n\n") + part;
    html += inner_html(element);
  }
  if (text.empty()) return std::nullopt;
  Item item;
  item.id = post;
  item.link = "https://t.me/" + post;
  item.title = title_from_text(text);
  item.summary = text;
  if (auto time = first(message, ".//a[.tgme_widget_message_date]//time")) {
    item.published = parse_date(time.attribute("datetime").value());
  }
  item.author = text_of(first(message, ".//*[.tgme_widget_message_from_author]"));
  item.forwarded_from = text_of(first(message, ".//*[.tgme_widget_message_forwarded_from_name]"));
  item.link_preview = link_preview(message);
  if (item.link_preview) html += preview_html(*item.link_preview);
  item.content = html;
  add_media(message, item);
  return item;
}

bool mentions(std::string_view text, std::string_view words) {
  std::string lowered(text.substr(0, 4096));
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered.find(words) != std::string::npos;
}

// Why a page with no posts holds none: an empty channel is fine; Telegram's
// card for a name without a public preview, or its flood page, is not.
Result<ParsedFeed> page_without_posts(const pugi::xml_document& page, const std::string& page_url, ParsedFeed feed) {
  if (first(page, "//section[.tgme_channel_history]")) return feed;
  const auto body = node_text(pugi::xpath_node(page.document_element()));
  if (mentions(body, "too many requests")) {
    return make_error(ErrorKind::kTransient, "Telegram answered \"Too Many Requests\": polling too often");
  }
  return make_error(ErrorKind::kPermanent,
                    "not a public channel: Telegram shows no posts for " + (page_url.empty() ? "this name" : page_url) +
                        " (the name does not exist, is a user or a private channel, or its preview is turned off)");
}

std::optional<std::string> older_page(const pugi::xml_document& page, const std::string& page_url) {
  if (auto more = first(page, "//a[.tme_messages_more][@data-before]")) {
    const std::string href = more.attribute("href").value();
    if (!href.empty()) return resolve_url(page_url, href);
    const auto base = page_url.substr(0, page_url.find('?'));
    return base + "?before=" + more.attribute("data-before").value();
  }
  if (auto prev = page.select_node("//link[@rel='prev'][@href]"))
    return resolve_url(page_url, prev.node().attribute("href").value());
  return std::nullopt;
}

}  // namespace

bool looks_like_telegram_page(std::string_view utf8) {
  const auto head = utf8.substr(0, 1 << 16);
  return head.find("tgme_") != std::string_view::npos &&
         (head.find("<html") != std::string_view::npos || head.find("<!DOCTYPE") != std::string_view::npos ||
          head.find("<!doctype") != std::string_view::npos);
}

std::string title_from_text(std::string_view text, size_t max_chars) {
  const auto line = text.substr(0, text.find('\n'));
  std::vector<size_t> starts;  // byte offset of each code point, and the end
  for (size_t i = 0; i < line.size();) {
    starts.push_back(i);
    decode_utf8(line, i);
  }
  starts.push_back(line.size());
  const size_t chars = starts.size() - 1;
  if (chars <= max_chars) return std::string(line);
  // A sentence that ends before the limit makes a whole title.
  for (size_t c = max_chars; c > 20; --c) {
    const char end = line[starts[c] - 1];
    if ((end == '.' || end == '!' || end == '?') && line[starts[c]] == ' ')
      return std::string(line.substr(0, starts[c]));
  }
  size_t cut = max_chars;
  while (cut > max_chars / 2 && line[starts[cut]] != ' ') --cut;
  if (cut <= max_chars / 2) cut = max_chars;
  return fold_whitespace(line.substr(0, starts[cut])) + "…";
}

Result<ParsedFeed> read_telegram_page(const pugi::xml_document& page, const std::string& page_url) {
  ParsedFeed out;
  out.feed.format = "telegram";
  out.feed.title = text_of(first(page, "//*[.tgme_channel_info_header_title]"));
  if (auto description = first(page, "//*[.tgme_channel_info_description]")) {
    auto text = fold_whitespace(rendered_text(description));
    if (!text.empty()) out.feed.subtitle = std::move(text);
  }
  const auto messages = select(page, "//div[.tgme_widget_message][@data-post]");
  if (messages.empty()) return page_without_posts(page, page_url, std::move(out));
  const std::string first_post = messages.first().node().attribute("data-post").value();
  out.feed.link = "https://t.me/" + first_post.substr(0, first_post.rfind('/'));
  for (auto it = messages.end(); it != messages.begin();) {  // the page lists oldest first
    if (auto item = read_post((--it)->node())) out.items.push_back(std::move(*item));
  }
  out.feed.older_page = older_page(page, page_url);
  return out;
}

}  // namespace khabar::parse
