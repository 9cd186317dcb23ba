// Namespace-aware names for the XML feed readers: which vocabulary an
// element belongs to, whatever prefix the document gave it. Feeds in the wild
// use undeclared prefixes (`dc:`, `media:`) and foreign elements whose local
// names clash with core ones (`szf:description`), so both are handled here.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace khabar::parse {

enum class Vocabulary { kCore, kDc, kDcTerms, kContent, kMedia, kItunes, kAtom, kXhtml, kOther };

// The local part of an element name ("dc:creator" → "creator").
std::string_view local_name(const pugi::xml_node& node);

class XmlNames {
 public:
  // Core elements are those in the root's namespace, in no namespace, or in
  // one of the RSS namespaces.
  explicit XmlNames(const pugi::xml_node& root);

  Vocabulary vocabulary_of(const pugi::xml_node& node) const;

  // First child with this local name in this vocabulary, or an empty node.
  pugi::xml_node child(const pugi::xml_node& parent, std::string_view name,
                       Vocabulary vocabulary = Vocabulary::kCore) const;

 private:
  std::string core_uri_;
};

}  // namespace khabar::parse
