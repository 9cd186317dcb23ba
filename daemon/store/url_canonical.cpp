#include "store/url_canonical.h"

#include <algorithm>
#include <array>
#include <vector>

#include "text/normalizer.h"
#include "util/url.h"

namespace khabar::store {
namespace {

struct UrlParts {
  std::string_view authority;
  std::string_view path;
  std::string_view query;
};

constexpr std::array<std::string_view, 4> kTrackingPrefixes = {"utm_", "at_", "pk_", "mtm_"};
constexpr std::array<std::string_view, 27> kTrackingNames = {
    "fbclid", "gclid",  "dclid",   "gbraid",  "wbraid", "msclkid", "yclid", "ysclid", "twclid",
    "ttclid", "igshid", "igsh",    "mc_cid",  "mc_eid", "_ga",     "_gl",   "_hsenc", "_hsmi",
    "xtor",   "ref",    "ref_src", "ref_url", "from",   "spm",     "rss",   "usqp",   "amp_js_v"};
constexpr std::array<std::string_view, 3> kIndexFiles = {"index.html", "index.htm", "index.php"};
constexpr std::array<std::string_view, 3> kHostPrefixes = {"www.", "m.", "amp."};

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n\f\v") - first + 1);
}

template <size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Precondition: is_http_url(url).
UrlParts split_url(std::string_view url) {
  auto rest = url.substr(url.find("://") + 3);
  rest = rest.substr(0, rest.find('#'));
  UrlParts parts;
  const auto path_start = std::min(rest.find_first_of("/?"), rest.size());
  parts.authority = rest.substr(0, path_start);
  rest = rest.substr(path_start);
  const auto query_start = std::min(rest.find('?'), rest.size());
  parts.path = rest.substr(0, query_start);
  parts.query = rest.substr(std::min(query_start + 1, rest.size()));
  return parts;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

// RFC 3986 unreserved, ASCII only (no locale).
bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

void append_byte(std::string& out, unsigned char byte, bool escape) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  if (!escape) {
    out += static_cast<char>(byte);
    return;
  }
  out += '%';
  out += kHex[byte >> 4];
  out += kHex[byte & 0xF];
}

// Decodes escaped unreserved characters, upper-cases the hex of the other
// escapes and escapes raw non-ASCII bytes; malformed escapes stay as written.
std::string normalize_escapes(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const int high = c == '%' && i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
    const int low = high >= 0 ? hex_value(text[i + 2]) : -1;
    if (low < 0) {
      append_byte(out, c, c >= 0x80);
      continue;
    }
    const auto byte = static_cast<unsigned char>(high * 16 + low);
    append_byte(out, byte, !is_unreserved(byte));
    i += 2;
  }
  return out;
}

// "www.", "m." and "amp." labels, dropped while two labels remain.
void strip_mirror_prefixes(std::string& host) {
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (auto prefix : kHostPrefixes) {
      if (host.starts_with(prefix) && host.find('.', prefix.size()) != std::string::npos) {
        host.erase(0, prefix.size());
        stripped = true;
      }
    }
  }
}

std::string canonical_host(std::string_view authority) {
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  const auto port_search_from = authority.starts_with("[") ? authority.find(']') : 0;
  const auto colon = std::min(authority.find(':', port_search_from), authority.size());
  const auto port = authority.substr(std::min(colon + 1, authority.size()));
  auto host = std::string(authority.substr(0, colon));
  const bool ascii = std::all_of(host.begin(), host.end(), [](unsigned char c) { return c < 0x80; });
  host = ascii ? ascii_lower(host) : text::normalize(host);
  if (host.ends_with(".")) host.pop_back();
  strip_mirror_prefixes(host);
  if (port.empty() || port == "80" || port == "443") return host;
  return host + ":" + std::string(port);
}

// Resolves "." and ".." segments (RFC 3986 5.2.4). Precondition: path is empty or starts
// with "/".
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> segments;
  for (size_t pos = 1; pos <= path.size();) {
    const auto end = std::min(path.find('/', pos), path.size());
    const auto segment = path.substr(pos, end - pos);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (segment != ".") {
      segments.push_back(segment);
    }
    pos = end + 1;
  }
  std::string out;
  for (auto segment : segments) out += "/" + std::string(segment);
  return out;
}

// Drops one trailing slash, index file or "/amp" suffix; false when there was none.
bool strip_one_suffix(std::string& path) {
  if (path.size() > 1 && path.back() == '/') {
    path.pop_back();
    return true;
  }
  const auto slash = path.rfind('/');
  const auto last = std::string_view(path).substr(slash + 1);
  if (contains(kIndexFiles, last) || (last == "amp" && slash > 0)) {
    path.erase(slash + 1);
    return true;
  }
  return false;
}

std::string canonical_path(std::string_view raw) {
  auto path = remove_dot_segments(normalize_escapes(raw));
  if (path.empty()) path = "/";
  while (strip_one_suffix(path)) {
  }
  return path;
}

std::string_view name_of(std::string_view parameter) { return parameter.substr(0, parameter.find('=')); }

std::string canonical_query(std::string_view query) {
  std::vector<std::string> kept;
  for (size_t pos = 0; pos <= query.size();) {
    const auto end = std::min(query.find('&', pos), query.size());
    auto parameter = normalize_escapes(query.substr(pos, end - pos));
    const auto name = name_of(parameter);
    const auto value =
        name.size() < parameter.size() ? std::string_view(parameter).substr(name.size() + 1) : std::string_view{};
    if (!parameter.empty() && !is_tracking_parameter(name, value)) {
      kept.push_back(std::move(parameter));
    }
    pos = end + 1;
  }
  std::stable_sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return name_of(a) < name_of(b); });
  std::string out;
  for (const auto& parameter : kept) out += (out.empty() ? "?" : "&") + parameter;
  return out;
}

}  // namespace

bool is_tracking_parameter(std::string_view name, std::string_view value) {
  const auto lowered = ascii_lower(name);
  const auto lowered_value = ascii_lower(value);
  if (std::any_of(kTrackingPrefixes.begin(), kTrackingPrefixes.end(),
                  [&](auto prefix) { return lowered.starts_with(prefix); })) {
    return true;
  }
  if (contains(kTrackingNames, lowered)) return true;
  if (lowered == "amp") return value.empty() || value == "1" || lowered_value == "true";
  return lowered == "output" && lowered_value == "amp";
}

std::string canonical_url(std::string_view url) {
  url = trim(url);
  if (!is_http_url(url)) return std::string(url);
  const auto parts = split_url(url);
  return "https://" + canonical_host(parts.authority) + canonical_path(parts.path) + canonical_query(parts.query);
}

}  // namespace khabar::store
