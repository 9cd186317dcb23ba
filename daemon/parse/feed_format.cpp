#include "parse/feed_format.h"

#include <algorithm>
#include <cctype>

#include "parse/xml_names.h"

namespace khabar::parse {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool declares(const pugi::xml_node& root, std::string_view uri_part) {
  for (auto attr : root.attributes()) {
    const std::string_view name = attr.name();
    if (name.substr(0, 5) == "xmlns" && std::string_view(attr.value()).find(uri_part) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

FeedFormat rss(const pugi::xml_node& root, std::string_view prolog) {
  const std::string_view declared = root.attribute("version").value();
  if (declared.substr(0, 2) == "2.") return {Family::kRss, "rss20", "rss20"};
  if (declared == "0.91") {
    const bool netscape = lower(prolog).find("netscape") != std::string::npos;
    return {Family::kRss, "rss091", netscape ? "rss091n" : "rss091u"};
  }
  for (const std::string_view v : {"0.92", "0.93", "0.94"}) {
    if (declared == v) {
      const std::string label = "rss0" + std::string(v.substr(2));
      return {Family::kRss, label, label};
    }
  }
  return {Family::kRss, "rss20", "rss"};  // undeclared or unknown: read as 2.0
}

FeedFormat atom(const pugi::xml_node& root) {
  if (declares(root, "www.w3.org/2005/Atom")) return {Family::kAtom, "atom10", "atom10"};
  const std::string_view declared = root.attribute("version").value();
  if (declared == "0.1" || declared == "0.2" || declared == "0.3") {
    return {Family::kAtom, "atom03", "atom0" + std::string(declared.substr(2))};
  }
  if (declares(root, "purl.org/atom/ns")) return {Family::kAtom, "atom03", "atom"};
  return {Family::kAtom, "atom10", "atom"};
}

}  // namespace

std::optional<FeedFormat> feed_format(const pugi::xml_node& root, std::string_view prolog) {
  const auto name = local_name(root);
  if (name == "rss") return rss(root, prolog);
  if (name == "feed") return atom(root);
  if (name == "RDF") {
    if (declares(root, "purl.org/rss/1.0")) return FeedFormat{Family::kRss, "rss10", "rss10"};
    return FeedFormat{Family::kRss, "rss090", "rss090"};
  }
  if (lower(name) == "channel") return FeedFormat{Family::kCdf, "cdf", "cdf"};
  return std::nullopt;
}

}  // namespace khabar::parse
