// Which XML feed format a document is, from its root element: the stable
// `format` of the contract and feedparser's finer `version` label.
#pragma once

#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace khabar::parse {

enum class Family { kRss, kAtom, kCdf };

struct FeedFormat {
  Family family;
  std::string format;   // "rss20", "rss091", "rss10", "atom10", "cdf", ...
  std::string version;  // "rss20", "rss091n", "rss091u", "rss", "atom", "cdf", ...
};

// nullopt when the root is not a feed. `prolog` is the text before the root
// element: a Netscape DOCTYPE there makes RSS 0.91 "rss091n".
std::optional<FeedFormat> feed_format(const pugi::xml_node& root, std::string_view prolog);

}  // namespace khabar::parse
