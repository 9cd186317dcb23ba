#include "parse/xml_feed_reader.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <sstream>

#include "parse/date_parser.h"
#include "parse/html_text.h"
#include "parse/xml_repair.h"
#include "util/url.h"

namespace khabar::parse {
namespace {

std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view prefix_of(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? std::string_view{} : name.substr(0, colon);
}

// First child with this local name and, when given, this prefix.
pugi::xml_node child(const pugi::xml_node& parent, std::string_view name, std::string_view prefix = {}) {
  for (auto node : parent.children()) {
    if (local_name(node) == name && (prefix.empty() || prefix_of(node) == prefix)) return node;
  }
  return {};
}

// First child with this local name and no namespace prefix (RSS core elements).
pugi::xml_node plain_child(const pugi::xml_node& parent, std::string_view name) {
  for (auto node : parent.children()) {
    if (node.name() == name) return node;
  }
  return {};
}

std::string inner_xml(const pugi::xml_node& node) {
  std::ostringstream out;
  for (auto part : node.children()) part.print(out, "", pugi::format_raw);
  return out.str();
}

// The character data of the node (text and CDATA). When a feed put
// unescaped HTML inside the element, that markup is returned as text.
std::string inner_text(const pugi::xml_node& node) {
  std::string out;
  for (auto part : node.children()) {
    if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) out += part.value();
    else if (part.type() == pugi::node_element) return inner_xml(node);
  }
  return out;
}

std::optional<std::string> trimmed(std::string text) {
  text = fold_whitespace(text);
  if (text.empty()) return std::nullopt;
  return text;
}

std::optional<std::string> plain(const pugi::xml_node& node) {
  if (!node) return std::nullopt;
  return trimmed(html_to_text(inner_text(node)));
}

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

std::optional<std::string> language_of(const pugi::xml_node& node) {
  if (auto attr = node.attribute("xml:lang"); attr && *attr.value()) return attr.value();
  if (auto dc = child(node, "language"); dc) return trimmed(inner_text(dc));
  return std::nullopt;
}

std::optional<UnixTime> date_of(const pugi::xml_node& parent, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (auto node = child(parent, name)) {
      if (auto date = parse_date(inner_text(node))) return date;
    }
  }
  return std::nullopt;
}

std::optional<std::int64_t> length_of(const char* text) {
  if (!text || !*text) return std::nullopt;
  char* end = nullptr;
  const auto value = std::strtoll(text, &end, 10);
  if (*end != '\0' || value < 0) return std::nullopt;
  return value;
}

// Atom text constructs: text, html or xhtml.
std::optional<std::string> atom_text(const pugi::xml_node& node) {
  if (!node) return std::nullopt;
  const std::string_view type = node.attribute("type").value();
  if (type == "xhtml") return trimmed(html_to_text(inner_xml(node)));
  return plain(node);
}

std::optional<std::string> atom_markup(const pugi::xml_node& node) {
  if (!node) return std::nullopt;
  const std::string_view type = node.attribute("type").value();
  auto markup = type == "xhtml" ? inner_xml(node) : inner_text(node);
  if (fold_whitespace(markup).empty()) return std::nullopt;
  return markup;
}

class Reader {
 public:
  Reader(ParsedFeed& out, std::string document_url) : out_(out), document_url_(std::move(document_url)) {}

  void read_rss(const pugi::xml_node& root) {
    const auto channel = child(root, "channel");
    auto& feed = out_.feed;
    feed.title = plain(child(channel, "title"));
    if (auto link = plain_child(channel, "link")) {
      feed.link = trimmed(resolve_url(base_of(channel, document_url_), fold_whitespace(inner_text(link))));
    }
    feed.subtitle = plain(child(channel, "description"));
    feed.language = language_of(channel);
    if (!feed.language) feed.language = language_of(root);
    feed.updated = date_of(channel, {"lastBuildDate", "pubDate", "date", "updated"});
    read_caching_hints(channel);
    // RSS 1.0 and 0.90 put items beside the channel, the others inside it.
    for (const auto& parent : {channel, root}) {
      for (auto node : parent.children()) {
        if (local_name(node) == "item") out_.items.push_back(rss_item(node));
      }
    }
  }

  void read_atom(const pugi::xml_node& root) {
    auto& feed = out_.feed;
    feed.title = atom_text(child(root, "title"));
    feed.subtitle = atom_text(child(root, "subtitle"));
    if (!feed.subtitle) feed.subtitle = atom_text(child(root, "tagline"));
    feed.link = atom_link(root);
    feed.language = language_of(root);
    feed.updated = date_of(root, {"updated", "modified"});
    for (auto node : root.children()) {
      if (local_name(node) == "entry") out_.items.push_back(atom_entry(node));
    }
  }

 private:
  void read_caching_hints(const pugi::xml_node& channel) {
    if (auto ttl = plain_child(channel, "ttl")) {
      const int minutes = std::atoi(inner_text(ttl).c_str());
      if (minutes > 0 && minutes <= 7 * 24 * 60) out_.feed.ttl_minutes = minutes;
    }
    for (auto hour : plain_child(channel, "skipHours").children()) {
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
    item.title = plain(child(node, "title"));
    if (auto link = plain_child(node, "link")) {
      item.link = trimmed(resolve_url(base, fold_whitespace(inner_text(link))));
    }
    if (auto guid = child(node, "guid")) {
      item.id = trimmed(inner_text(guid));
      const bool permalink = std::string_view(guid.attribute("isPermaLink").value()) != "false";
      if (!item.link && permalink && item.id) item.link = resolve_url(base, *item.id);
    }
    if (!item.id && node.attribute("rdf:about")) item.id = trimmed(node.attribute("rdf:about").value());
    if (!item.id) item.id = item.link;
    item.published = date_of(node, {"pubDate", "date", "published", "issued"});
    item.updated = date_of(node, {"updated", "modified"});
    item.author = plain(child(node, "creator"));
    if (!item.author) item.author = plain(child(node, "author"));
    if (auto description = child(node, "description")) {
      const auto html = inner_text(description);
      item.summary = trimmed(html_to_text(html));
    }
    if (auto encoded = child(node, "encoded", "content")) item.content = inner_text(encoded);
    for (auto c : node.children()) {
      if (local_name(c) == "category" || local_name(c) == "subject") {
        if (auto text = trimmed(inner_text(c))) item.categories.push_back(*text);
      } else if (local_name(c) == "enclosure") {
        add_enclosure(item, base, c.attribute("url").value(), c.attribute("type").value(),
                      c.attribute("length").value());
      } else if (prefix_of(c) == "media") {
        add_media(item, base, c);
      }
    }
    item.language = language_of(node);
    return item;
  }

  Item atom_entry(const pugi::xml_node& node) {
    Item item;
    const auto base = link_base(node);
    item.title = atom_text(child(node, "title"));
    item.id = trimmed(inner_text(child(node, "id")));
    item.link = atom_link(node);
    if (!item.id) item.id = item.link;
    item.published = date_of(node, {"published", "issued", "created"});
    item.updated = date_of(node, {"updated", "modified"});
    if (auto author = child(node, "author")) {
      item.author = plain(child(author, "name"));
      if (!item.author) item.author = plain(child(author, "email"));
    }
    const auto summary = child(node, "summary");
    const auto content = child(node, "content");
    item.summary = atom_text(summary ? summary : content);
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

  std::optional<std::string> atom_link(const pugi::xml_node& parent) {
    for (auto link : parent.children()) {
      if (local_name(link) != "link") continue;
      const std::string_view rel = link.attribute("rel").value();
      if (rel.empty() || rel == "alternate") {
        return trimmed(resolve_url(base_of(link, document_url_), link.attribute("href").value()));
      }
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
  std::string document_url_;
};

std::string rss_format(const pugi::xml_node& root) {
  const std::string_view version = root.attribute("version").value();
  if (version == "2.0" || version.empty()) return "rss20";
  if (version.substr(0, 2) == "0.") {
    auto digits = std::string(version.substr(2));
    if (digits.size() == 1) digits += "0";
    return "rss0" + digits.substr(0, 2);
  }
  return "rss20";
}

// An HTML page where a feed was expected: an error page, a bot-protection
// challenge, a homepage. Checked before repair, which would accept it.
bool looks_like_html(std::string_view text) {
  std::string head(text.substr(0, 512));
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto html = std::min(head.find("<html"), head.find("<!doctype html"));
  const auto feed = std::min({head.find("<rss"), head.find("<feed"), head.find("<rdf")});
  return html < feed;
}

std::string join(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace

Result<ParsedFeed> read_xml_feed(std::string_view utf8, const std::string& document_url) {
  if (looks_like_html(utf8)) return make_error(ErrorKind::kInvalidInput, "not a feed: the document is an HTML page");
  auto repaired = repair_xml(utf8);
  if (!repaired) return repaired.error();
  pugi::xml_document document;
  const auto& xml = repaired->xml;
  const auto parsed = document.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return make_error(ErrorKind::kInvalidInput,
                      std::string("not well-formed XML at byte ") + std::to_string(parsed.offset) + ": " +
                          parsed.description());
  }
  const auto root = document.document_element();
  const auto name = local_name(root);
  ParsedFeed out;
  Reader reader(out, document_url);
  if (name == "rss") {
    out.feed.format = rss_format(root);
    reader.read_rss(root);
  } else if (name == "RDF") {
    const std::string_view ns = root.attribute("xmlns").value();
    out.feed.format = ns.find("purl.org/rss/1.0") != std::string_view::npos ? "rss10" : "rss090";
    reader.read_rss(root);
  } else if (name == "feed") {
    const std::string_view ns = root.attribute("xmlns").value();
    out.feed.format = ns.find("purl.org/atom/ns") != std::string_view::npos ? "atom03" : "atom10";
    reader.read_atom(root);
  } else if (name.empty()) {
    return make_error(ErrorKind::kInvalidInput, "not a feed: no XML element found");
  } else {
    return make_error(ErrorKind::kInvalidInput,
                      "not a feed: the root element is <" + std::string(root.name()) + ">");
  }
  if (!repaired->problems.empty()) {
    out.bozo = true;
    out.error = join(repaired->problems);
  }
  return out;
}

}  // namespace khabar::parse
