#include "parse/xml_names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace khabar::parse {
namespace {

using Pair = std::pair<std::string_view, Vocabulary>;

// Compared case-insensitively: feeds spell the iTunes URI every way.
constexpr std::array<Pair, 14> kUris{{
    {"http://purl.org/rss/1.0/", Vocabulary::kCore},
    {"http://my.netscape.com/rdf/simple/0.9/", Vocabulary::kCore},
    {"http://backend.userland.com/rss2", Vocabulary::kCore},
    {"http://blogs.law.harvard.edu/tech/rss", Vocabulary::kCore},
    {"http://purl.org/dc/elements/1.1/", Vocabulary::kDc},
    {"http://purl.org/dc/terms/", Vocabulary::kDcTerms},
    {"http://purl.org/rss/1.0/modules/content/", Vocabulary::kContent},
    {"http://search.yahoo.com/mrss/", Vocabulary::kMedia},
    {"http://search.yahoo.com/mrss", Vocabulary::kMedia},
    {"http://www.itunes.com/dtds/podcast-1.0.dtd", Vocabulary::kItunes},
    {"http://example.com/dtds/podcast-1.0.dtd", Vocabulary::kItunes},
    {"http://www.w3.org/2005/atom", Vocabulary::kAtom},
    {"http://purl.org/atom/ns#", Vocabulary::kAtom},
    {"http://www.w3.org/1999/xhtml", Vocabulary::kXhtml},
}};

// Prefixes read by convention when the document forgot to declare them.
constexpr std::array<Pair, 6> kPrefixes{{{"dc", Vocabulary::kDc},
                                         {"dcterms", Vocabulary::kDcTerms},
                                         {"content", Vocabulary::kContent},
                                         {"media", Vocabulary::kMedia},
                                         {"itunes", Vocabulary::kItunes},
                                         {"atom", Vocabulary::kAtom}}};

bool same_uri(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view prefix_of(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? std::string_view{} : name.substr(0, colon);
}

// The URI bound to `prefix` in scope at `node`; nullptr when undeclared.
const char* uri_of(const pugi::xml_node& node, std::string_view prefix) {
  const std::string attribute = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (auto n = node; n; n = n.parent()) {
    if (auto attr = n.attribute(attribute.c_str())) return attr.value();
  }
  return nullptr;
}

}  // namespace

std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

XmlNames::XmlNames(const pugi::xml_node& root) {
  if (const char* uri = uri_of(root, prefix_of(root))) core_uri_ = uri;
}

Vocabulary XmlNames::vocabulary_of(const pugi::xml_node& node) const {
  const auto prefix = prefix_of(node);
  const char* uri = uri_of(node, prefix);
  if (!uri) {
    if (prefix.empty()) return Vocabulary::kCore;
    for (const auto& [known, vocabulary] : kPrefixes) {
      if (prefix == known) return vocabulary;
    }
    return Vocabulary::kOther;
  }
  if (!*uri || same_uri(uri, core_uri_)) return Vocabulary::kCore;
  for (const auto& [known, vocabulary] : kUris) {
    if (same_uri(uri, known)) return vocabulary;
  }
  return Vocabulary::kOther;
}

pugi::xml_node XmlNames::child(const pugi::xml_node& parent, std::string_view name, Vocabulary vocabulary) const {
  for (auto node : parent.children()) {
    if (node.type() == pugi::node_element && local_name(node) == name && vocabulary_of(node) == vocabulary) {
      return node;
    }
  }
  return {};
}

}  // namespace khabar::parse
