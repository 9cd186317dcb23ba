#include "parse/opml.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <pugixml.hpp>
#include <sstream>

#include "parse/document_decoder.h"
#include "parse/html_text.h"
#include "util/url.h"

namespace khabar::parse {
namespace {

Error invalid(std::string message) { return make_error(ErrorKind::kInvalidInput, std::move(message)); }

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Attribute names compared without case: OPML 1.0 era files write "xmlurl".
pugi::xml_attribute attribute(const pugi::xml_node& node, std::string_view name) {
  const auto wanted = lower(name);
  for (auto attr : node.attributes()) {
    if (lower(attr.name()) == wanted) return attr;
  }
  return {};
}

std::string text_of(const pugi::xml_node& node, std::string_view name) {
  return fold_whitespace(attribute(node, name).value());
}

std::optional<std::string> present(std::string text) {
  if (text.empty()) return std::nullopt;
  return text;
}

// The name a reader shows: text (required by OPML 2.0), else title.
std::string name_of(const pugi::xml_node& outline) {
  auto name = text_of(outline, "text");
  return name.empty() ? text_of(outline, "title") : name;
}

bool is_feed_type(std::string_view type) { return type.empty() || type == "rss" || type == "atom"; }

// Line and column of byte offsets in one document.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') newlines_.push_back(i);
    }
  }

  std::size_t line(std::size_t offset) const {
    return static_cast<std::size_t>(std::lower_bound(newlines_.begin(), newlines_.end(), offset) - newlines_.begin()) +
           1;
  }

  std::string position(std::size_t offset) const {
    const auto n = line(offset);
    const auto start = n == 1 ? 0 : newlines_[n - 2] + 1;
    return "line " + std::to_string(n) + ", column " + std::to_string(offset - start + 1);
  }

 private:
  std::vector<std::size_t> newlines_;
};

// Two URLs name the same feed when they differ only in the case of the scheme
// and host, which URLs ignore.
std::string dedup_key(std::string_view url) {
  const auto scheme_end = url.find("://");
  const auto host_end = url.find_first_of("/?#", scheme_end + 3);
  const auto split = host_end == std::string_view::npos ? url.size() : host_end;
  return lower(url.substr(0, split)) + std::string(url.substr(split));
}

void add_unique(std::vector<std::string>& out, std::string value) {
  if (!value.empty() && std::find(out.begin(), out.end(), value) == out.end()) out.push_back(std::move(value));
}

// OPML 2.0: "comma-separated slash-delimited category strings".
void add_categories(std::vector<std::string>& out, std::string_view attribute_value) {
  std::size_t start = 0;
  while (start <= attribute_value.size()) {
    const auto end = std::min(attribute_value.find_first_of(",/", start), attribute_value.size());
    add_unique(out, fold_whitespace(attribute_value.substr(start, end - start)));
    start = end + 1;
  }
}

class OutlineReader {
 public:
  OutlineReader(const LineIndex& lines, OpmlDocument& out) : lines_(lines), out_(out) {}

  void read_children(const pugi::xml_node& parent, int depth) {
    for (auto outline : parent.children("outline")) read(outline, depth + 1);
  }

 private:
  void read(const pugi::xml_node& outline, int depth) {
    if (depth > kMaxOpmlDepth) {
      return skip(outline, "nested deeper than " + std::to_string(kMaxOpmlDepth) + " levels, with all it holds");
    }
    const auto type = lower(text_of(outline, "type"));
    if (attribute(outline, "xmlUrl")) {
      read_feed(outline, type);
      read_children(outline, depth);  // unusual, but its children are still feeds
    } else if (outline.child("outline")) {
      read_folder(outline, depth);
    } else if (!type.empty() && is_feed_type(type)) {
      skip(outline, "no xmlUrl");
    }
    // Anything else is an empty folder or a note: nothing to import.
  }

  void read_folder(const pugi::xml_node& outline, int depth) {
    const auto name = name_of(outline);
    folders_.push_back(name);
    read_children(outline, depth);
    folders_.pop_back();
  }

  void read_feed(const pugi::xml_node& outline, const std::string& type) {
    const auto url = text_of(outline, "xmlUrl");
    if (!is_feed_type(type)) return skip(outline, "type \"" + type + "\" is not a feed");
    if (url.empty()) return skip(outline, "no xmlUrl");
    if (!is_http_url(url)) return skip(outline, "xmlUrl \"" + url + "\" is not an absolute http(s) URL");
    const auto [first, inserted] = seen_.emplace(dedup_key(url), where(outline));
    if (!inserted) return skip(outline, "the same URL as the feed at " + first->second);
    out_.feeds.push_back(feed_of(outline, url));
  }

  OpmlFeed feed_of(const pugi::xml_node& outline, const std::string& url) const {
    OpmlFeed feed{
        url, name_of(outline), present(text_of(outline, "htmlUrl")), present(text_of(outline, "language")), {}};
    if (feed.site && !is_http_url(*feed.site)) feed.site.reset();
    for (const auto& folder : folders_) add_unique(feed.categories, folder);
    add_categories(feed.categories, attribute(outline, "category").value());
    return feed;
  }

  std::string where(const pugi::xml_node& node) const {
    const auto offset = node.offset_debug();
    return offset < 0 ? "an earlier entry" : "line " + std::to_string(lines_.line(static_cast<std::size_t>(offset)));
  }

  void skip(const pugi::xml_node& outline, const std::string& reason) {
    auto label = name_of(outline);
    if (label.empty()) label = text_of(outline, "xmlUrl");
    std::string entry = outline.offset_debug() < 0 ? "" : where(outline) + ": ";
    if (!label.empty()) entry += "\"" + label + "\": ";
    out_.skipped.push_back(entry + reason);
  }

  const LineIndex& lines_;
  OpmlDocument& out_;
  std::vector<std::string> folders_;
  std::map<std::string, std::string> seen_;  // dedup key → where the kept feed is
};

// An HTML page where a feed list was expected (a login page, a 404 page).
bool looks_like_html(std::string_view text) {
  const auto head = lower(text.substr(0, 1024));
  const auto html = std::min(head.find("<html"), head.find("<!doctype html"));
  return html < head.find("<opml");
}

Result<OpmlDocument> read_document(const pugi::xml_node& root, const LineIndex& lines) {
  const std::string_view name = root.name();
  if (lower(name) == "html") return invalid("not OPML: the document is an HTML page");
  if (name.empty()) return invalid("not OPML: no XML element found");
  if (name != "opml") return invalid("not OPML: the root element is <" + std::string(name) + ">");
  OpmlDocument out;
  out.title = fold_whitespace(root.child("head").child_value("title"));
  OutlineReader(lines, out).read_children(root.child("body"), 0);
  return out;
}

// XML 1.0 cannot carry control characters other than tab, newline and CR.
std::string xml_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += c;
  }
  return out;
}

void set(pugi::xml_node node, const char* name, std::string_view value) {
  node.append_attribute(name).set_value(xml_safe(value).c_str());
}

std::string join_rest(const std::vector<std::string>& categories) {
  std::string out;
  for (std::size_t i = 1; i < categories.size(); ++i) out += (i > 1 ? "," : "") + categories[i];
  return out;
}

void write_feed(pugi::xml_node outline, const OpmlFeed& feed) {
  set(outline, "type", "rss");
  set(outline, "text", feed.title);
  set(outline, "title", feed.title);
  set(outline, "xmlUrl", feed.url);
  if (feed.site) set(outline, "htmlUrl", *feed.site);
  if (feed.language) set(outline, "language", *feed.language);
  if (feed.categories.size() > 1) set(outline, "category", join_rest(feed.categories));
}

// The folder outline for `name`, created where its first feed goes.
pugi::xml_node folder(pugi::xml_node body, std::map<std::string, pugi::xml_node>& folders, const std::string& name) {
  auto& node = folders[name];
  if (!node) {
    node = body.append_child("outline");
    set(node, "text", name);
    set(node, "title", name);
  }
  return node;
}

void write_body(pugi::xml_node body, const std::vector<OpmlFeed>& feeds) {
  std::map<std::string, pugi::xml_node> folders;
  for (const auto& feed : feeds) {
    auto parent = feed.categories.empty() ? body : folder(body, folders, feed.categories.front());
    write_feed(parent.append_child("outline"), feed);
  }
}

}  // namespace

Result<OpmlDocument> parse_opml(std::string_view bytes) {
  if (bytes.empty()) return invalid("not OPML: empty document");
  if (bytes.size() > kMaxOpmlBytes) {
    return invalid("not OPML: " + std::to_string(bytes.size()) + " bytes is over the limit of " +
                   std::to_string(kMaxOpmlBytes));
  }
  auto decoded = decode_document(bytes, {});
  if (!decoded) return decoded.error();
  const auto& text = decoded->utf8;
  if (looks_like_html(text)) return invalid("not OPML: the document is an HTML page");
  const LineIndex lines(text);
  pugi::xml_document document;
  const auto parsed = document.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return invalid("not OPML: not well-formed XML at " + lines.position(static_cast<std::size_t>(parsed.offset)) +
                   ": " + parsed.description());
  }
  return read_document(document.document_element(), lines);
}

std::string write_opml(const std::string& title, const std::vector<OpmlFeed>& feeds, std::string_view date_created) {
  pugi::xml_document document;
  auto declaration = document.append_child(pugi::node_declaration);
  set(declaration, "version", "1.0");
  set(declaration, "encoding", "UTF-8");
  auto opml = document.append_child("opml");
  set(opml, "version", "2.0");
  auto head = opml.append_child("head");
  head.append_child("title").text().set(xml_safe(title).c_str());
  if (!date_created.empty()) head.append_child("dateCreated").text().set(xml_safe(date_created).c_str());
  write_body(opml.append_child("body"), feeds);
  std::ostringstream out;
  document.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

}  // namespace khabar::parse
