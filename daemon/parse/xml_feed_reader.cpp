#include "parse/xml_feed_reader.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <pugixml.hpp>

#include "parse/atom_text.h"
#include "parse/date_parser.h"
#include "parse/feed_format.h"
#include "parse/html_text.h"
#include "parse/xml_names.h"
#include "parse/xml_repair.h"
#include "util/url.h"

namespace khabar::parse {
namespace {

using V = Vocabulary;

// The text, or nullopt when empty: for html_to_text's result, which is
// folded already.
std::optional<std::string> non_empty(std::string text) {
  if (text.empty()) return std::nullopt;
  return text;
}

std::optional<std::string> trimmed(std::string_view text) { return non_empty(fold_whitespace(text)); }

// The xml:base in force at `node`, resolved against the document URL.
std::string base_of(const pugi::xml_node& node, const std::string& document_url) {
  std::vector<pugi::xml_node> chain;
  for (auto n = node; n; n = n.parent()) chain.push_back(n);
  std::string base = document_url;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (auto attr = it->attribute("xml:base")) base = resolve_url(base, attr.value());
  }
  return base;
}

// BCP 47 tags use hyphens; feeds also write POSIX locales ("en_US").
std::optional<std::string> language_tag(std::string text) {
  std::replace(text.begin(), text.end(), '_', '-');
  return trimmed(text);
}

std::optional<std::int64_t> length_of(const char* text) {
  if (!text || !*text) return std::nullopt;
  char* end = nullptr;
  const auto value = std::strtoll(text, &end, 10);
  if (*end != '\0' || value < 0) return std::nullopt;
  return value;
}

// A CDF attribute, whatever its case.
const char* attribute_ci(const pugi::xml_node& node, std::string_view name) {
  for (auto attr : node.attributes()) {
    std::string_view n = attr.name();
    if (n.size() == name.size() &&
        std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) { return std::tolower(a) == b; })) {
      return attr.value();
    }
  }
  return "";
}

class Reader {
 public:
  Reader(ParsedFeed& out, const pugi::xml_node& root, std::string document_url)
      : out_(out), names_(root), document_url_(std::move(document_url)) {}

  void read_rss(const pugi::xml_node& root) {
    const auto channel = names_.child(root, "channel");
    auto& feed = out_.feed;
    feed.title = text_of(first_of(channel, {{"title", V::kCore}, {"title", V::kDc}}));
    if (auto link = names_.child(channel, "link")) {
      feed.link = trimmed(resolve_url(base_of(channel, document_url_), fold_whitespace(inner_text(link))));
    }
    feed.subtitle = text_of(first_of(
        channel,
        {{"description", V::kCore}, {"description", V::kDc}, {"subtitle", V::kItunes}, {"summary", V::kItunes}}));
    feed.language = language_of(channel);
    if (!feed.language) feed.language = language_of(root);
    feed.updated = date_of(channel, {{"lastBuildDate", V::kCore},
                                     {"pubDate", V::kCore},
                                     {"date", V::kDc},
                                     {"modified", V::kDcTerms},
                                     {"updated", V::kAtom}});
    read_caching_hints(channel);
    // RSS 1.0 and 0.90 put items beside the channel, the others inside it.
    for (const auto& parent : {channel, root}) {
      for (auto node : parent.children()) {
        if (local_name(node) == "item" && names_.vocabulary_of(node) == V::kCore) out_.items.push_back(rss_item(node));
      }
    }
  }

  void read_atom(const pugi::xml_node& root) {
    auto& feed = out_.feed;
    feed.title = atom_text_of(names_.child(root, "title"));
    feed.subtitle = atom_text_of(first_of(root, {{"subtitle", V::kCore}, {"tagline", V::kCore}}));
    feed.link = atom_link(root);
    feed.language = language_of(root);
    feed.updated = date_of(root, {{"updated", V::kCore}, {"modified", V::kCore}});
    for (auto node : root.children()) {
      if (local_name(node) == "entry" && names_.vocabulary_of(node) == V::kCore) {
        out_.items.push_back(atom_entry(node));
      }
    }
  }

  // Microsoft's Channel Definition Format: upper-case names, values in
  // attributes (HREF, LASTMOD) and children (TITLE, ABSTRACT).
  void read_cdf(const pugi::xml_node& channel) {
    auto& feed = out_.feed;
    feed.title = text_of(cdf_child(channel, "title"));
    feed.subtitle = text_of(cdf_child(channel, "abstract"));
    feed.link = trimmed(attribute_ci(channel, "href"));
    feed.updated = parse_date(attribute_ci(channel, "lastmod"));
    for (auto node : channel.children()) {
      if (lowered(node.name()) != "item") continue;
      Item item;
      item.title = text_of(cdf_child(node, "title"));
      item.summary = text_of(cdf_child(node, "abstract"));
      if (auto href = trimmed(attribute_ci(node, "href"))) item.link = resolve_url(document_url_, *href);
      item.id = item.link;
      item.updated = parse_date(attribute_ci(node, "lastmod"));
      out_.items.push_back(std::move(item));
    }
  }

  // True when some HTML was too large or deep for the HTML parser and had
  // its tags stripped instead.
  bool stripped() const { return stripped_; }

 private:
  using Name = std::pair<const char*, Vocabulary>;

  std::optional<std::string> text_of(const pugi::xml_node& node) {
    if (!node) return std::nullopt;
    return non_empty(html_to_text(inner_text(node), &stripped_));
  }

  std::optional<std::string> atom_text_of(const pugi::xml_node& node) { return atom_text(node, &stripped_); }

  pugi::xml_node first_of(const pugi::xml_node& parent, std::initializer_list<Name> names) const {
    for (const auto& [name, vocabulary] : names) {
      if (auto node = names_.child(parent, name, vocabulary)) return node;
    }
    return {};
  }

  static std::string lowered(std::string_view name) {
    std::string out(name);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
  }

  static pugi::xml_node cdf_child(const pugi::xml_node& parent, std::string_view name) {
    for (auto node : parent.children()) {
      if (lowered(node.name()) == name) return node;
    }
    return {};
  }

  std::optional<std::string> language_of(const pugi::xml_node& node) const {
    if (auto attr = node.attribute("xml:lang"); attr && *attr.value()) return language_tag(attr.value());
    if (auto language = first_of(node, {{"language", V::kCore}, {"language", V::kDc}})) {
      return language_tag(inner_text(language));
    }
    return std::nullopt;
  }

  std::optional<UnixTime> date_of(const pugi::xml_node& parent, std::initializer_list<Name> names) const {
    for (const auto& [name, vocabulary] : names) {
      if (auto node = names_.child(parent, name, vocabulary)) {
        if (auto date = parse_date(inner_text(node))) return date;
      }
    }
    return std::nullopt;
  }

  void read_caching_hints(const pugi::xml_node& channel) {
    if (auto ttl = names_.child(channel, "ttl")) {
      const int minutes = std::atoi(inner_text(ttl).c_str());
      if (minutes > 0 && minutes <= 7 * 24 * 60) out_.feed.ttl_minutes = minutes;
    }
    for (auto hour : names_.child(channel, "skipHours").children()) {
      const auto text = fold_whitespace(inner_text(hour));
      if (!text.empty() && std::all_of(text.begin(), text.end(), ::isdigit)) {
        const int h = std::atoi(text.c_str());
        if (h >= 0 && h <= 24) out_.feed.skip_hours.push_back(h % 24);
      }
    }
  }

  // Relative links resolve against xml:base, else the feed's link, else the
  // document URL.
  std::string link_base(const pugi::xml_node& node) const {
    const auto fallback = out_.feed.link ? *out_.feed.link : document_url_;
    return base_of(node, fallback);
  }

  Item rss_item(const pugi::xml_node& node) {
    Item item;
    const auto base = link_base(node);
    item.title = text_of(first_of(node, {{"title", V::kCore}, {"title", V::kDc}, {"title", V::kMedia}}));
    if (auto link = names_.child(node, "link")) {
      item.link = trimmed(resolve_url(base, fold_whitespace(inner_text(link))));
    }
    if (auto guid = names_.child(node, "guid")) {
      item.id = trimmed(inner_text(guid));
      const bool permalink = std::string_view(guid.attribute("isPermaLink").value()) != "false";
      if (!item.link && permalink && item.id) item.link = resolve_url(base, *item.id);
    }
    if (!item.id && node.attribute("rdf:about")) item.id = trimmed(node.attribute("rdf:about").value());
    if (!item.id) item.id = item.link;
    item.published =
        date_of(node, {{"pubDate", V::kCore}, {"date", V::kDc}, {"issued", V::kDcTerms}, {"published", V::kAtom}});
    item.updated = date_of(node, {{"modified", V::kDcTerms}, {"updated", V::kAtom}});
    item.author = text_of(
        first_of(node, {{"creator", V::kDc}, {"author", V::kCore}, {"author", V::kDc}, {"author", V::kItunes}}));
    read_rss_text(node, item);
    for (auto c : node.children()) add_rss_child(item, base, c);
    item.language = language_of(node);
    return item;
  }

  // The first of <description> and <summary> is the summary; the other, else
  // content:encoded, <fullitem> or a <body> (XHTML, declared or not), is the
  // content.
  void read_rss_text(const pugi::xml_node& node, Item& item) {
    pugi::xml_node summary, second;
    for (auto c : node.children()) {
      const auto name = local_name(c);
      if ((name != "description" && name != "summary") || names_.vocabulary_of(c) != V::kCore) continue;
      if (!summary)
        summary = c;
      else if (!second)
        second = c;
    }
    if (!summary) summary = first_of(node, {{"description", V::kDc}, {"summary", V::kItunes}});
    if (summary) item.summary = non_empty(html_to_text(inner_text(summary), &stripped_));
    if (auto encoded = names_.child(node, "encoded", V::kContent))
      item.content = inner_text(encoded);
    else if (auto full = names_.child(node, "fullitem"))
      item.content = inner_text(full);
    else if (auto body = first_of(node, {{"body", V::kXhtml}, {"body", V::kCore}}))
      item.content = inner_xml(body);
    else if (second)
      item.content = inner_text(second);
    if (item.content && is_blank(*item.content)) item.content.reset();
  }

  void add_rss_child(Item& item, const std::string& base, const pugi::xml_node& c) const {
    const auto name = local_name(c);
    const auto vocabulary = names_.vocabulary_of(c);
    if ((name == "category" && (vocabulary == V::kCore || vocabulary == V::kMedia)) ||
        (name == "subject" && vocabulary == V::kDc)) {
      if (auto text = trimmed(inner_text(c))) item.categories.push_back(*text);
    } else if (name == "category" && vocabulary == V::kItunes) {
      add_itunes_category(item, c);
    } else if (name == "enclosure" && vocabulary == V::kCore) {
      add_enclosure(item, base, c.attribute("url").value(), c.attribute("type").value(), c.attribute("length").value());
    } else if (vocabulary == V::kMedia) {
      add_media(item, base, c);
    }
  }

  static void add_itunes_category(Item& item, const pugi::xml_node& node) {
    if (auto text = trimmed(node.attribute("text").value())) item.categories.push_back(*text);
    for (auto c : node.children()) {
      if (local_name(c) == "category") add_itunes_category(item, c);
    }
  }

  Item atom_entry(const pugi::xml_node& node) {
    Item item;
    const auto base = link_base(node);
    item.title = atom_text_of(names_.child(node, "title"));
    item.id = trimmed(inner_text(names_.child(node, "id")));
    item.link = atom_link(node);
    if (!item.id) item.id = item.link;
    item.published = date_of(node, {{"published", V::kCore}, {"issued", V::kCore}, {"created", V::kCore}});
    item.updated = date_of(node, {{"updated", V::kCore}, {"modified", V::kCore}});
    if (auto author = names_.child(node, "author")) {
      item.author = text_of(names_.child(author, "name"));
      if (!item.author) item.author = text_of(names_.child(author, "email"));
    }
    const auto summary = names_.child(node, "summary");
    const auto content = names_.child(node, "content");
    item.summary = atom_text_of(summary ? summary : content);
    item.content = atom_markup(content);
    for (auto c : node.children()) {
      if (local_name(c) == "category") {
        if (auto term = trimmed(c.attribute("term").value())) item.categories.push_back(*term);
      } else if (local_name(c) == "link" && std::string_view(c.attribute("rel").value()) == "enclosure") {
        add_enclosure(item, base_of(c, base), c.attribute("href").value(), c.attribute("type").value(),
                      c.attribute("length").value());
      }
    }
    item.language = language_of(node);
    return item;
  }

  // The alternate link: rel="alternate" or no rel. Atom 0.3 feeds put the
  // URL in the element's text when there is no href.
  std::optional<std::string> atom_link(const pugi::xml_node& parent) const {
    for (auto link : parent.children()) {
      if (local_name(link) != "link" || names_.vocabulary_of(link) != V::kCore) continue;
      const std::string_view rel = link.attribute("rel").value();
      if (!rel.empty() && rel != "alternate") continue;
      const char* href = link.attribute("href").value();
      const auto url = *href ? std::string(href) : fold_whitespace(inner_text(link));
      if (auto absolute = trimmed(resolve_url(base_of(link, document_url_), url))) return absolute;
    }
    return std::nullopt;
  }

  // media:content, alone or inside media:group.
  static void add_media(Item& item, const std::string& base, const pugi::xml_node& node) {
    if (local_name(node) == "group") {
      for (auto c : node.children()) add_media(item, base, c);
    } else if (local_name(node) == "content") {
      add_enclosure(item, base, node.attribute("url").value(), node.attribute("type").value(),
                    node.attribute("fileSize").value());
    }
  }

  static void add_enclosure(Item& item, const std::string& base, const char* url, const char* type,
                            const char* length) {
    auto absolute = trimmed(url);
    if (!absolute) return;
    Enclosure enclosure{resolve_url(base, *absolute), trimmed(type), length_of(length)};
    for (const auto& existing : item.enclosures) {
      if (existing.url == enclosure.url) return;
    }
    item.enclosures.push_back(std::move(enclosure));
  }

  ParsedFeed& out_;
  XmlNames names_;
  std::string document_url_;
  bool stripped_ = false;
};

// The name of the first element of a document, lower-cased, and where it
// starts: declarations, comments and the DOCTYPE are skipped.
std::pair<std::string, size_t> first_element(std::string_view text) {
  size_t pos = 0;
  while ((pos = text.find('<', pos)) != std::string_view::npos && pos < 4096) {
    if (text.substr(pos, 4) == "<!--") {
      pos = text.find("-->", pos);
      if (pos == std::string_view::npos) break;
    } else if (pos + 1 < text.size() && std::isalpha(static_cast<unsigned char>(text[pos + 1]))) {
      size_t end = pos + 1;
      while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == ':')) ++end;
      std::string name(text.substr(pos + 1, end - pos - 1));
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return {name, pos};
    }
    ++pos;
  }
  return {{}, std::string_view::npos};
}

std::string join(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace

Result<ParsedFeed> read_xml_feed(std::string_view utf8, const std::string& document_url) {
  // An HTML page where a feed was expected: an error page, a bot-protection
  // challenge, a homepage. Checked before repair, which would accept it.
  const auto [first, start] = first_element(utf8);
  if (first == "html") return make_error(ErrorKind::kInvalidInput, "not a feed: the document is an HTML page");
  auto repaired = repair_xml(utf8);
  if (!repaired) return repaired.error();
  pugi::xml_document document;
  const auto& xml = repaired->xml;
  const auto parsed = document.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return make_error(ErrorKind::kInvalidInput, std::string("not well-formed XML at byte ") +
                                                    std::to_string(parsed.offset) + ": " + parsed.description());
  }
  const auto root = document.document_element();
  if (!root) return make_error(ErrorKind::kInvalidInput, "not a feed: no XML element found");
  const auto format = feed_format(root, utf8.substr(0, std::min(start, utf8.size())));
  if (!format) {
    return make_error(ErrorKind::kInvalidInput, "not a feed: the root element is <" + std::string(root.name()) + ">");
  }
  ParsedFeed out;
  out.feed.format = format->format;
  out.feed.version = format->version;
  Reader reader(out, root, document_url);
  if (format->family == Family::kRss)
    reader.read_rss(root);
  else if (format->family == Family::kAtom)
    reader.read_atom(root);
  else
    reader.read_cdf(root);
  auto problems = std::move(repaired->problems);
  if (reader.stripped()) problems.push_back("HTML too large or too deeply nested for the HTML parser: tags stripped");
  if (!problems.empty()) {
    out.bozo = true;
    out.error = join(problems);
  }
  return out;
}

}  // namespace khabar::parse
