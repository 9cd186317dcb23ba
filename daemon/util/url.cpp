#include "util/url.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace khabar {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Length of "scheme:" at the start, or 0 when there is no scheme.
size_t scheme_length(std::string_view url) {
  if (url.empty() || !std::isalpha(static_cast<unsigned char>(url[0]))) return 0;
  for (size_t i = 1; i < url.size(); ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (c == ':') return i + 1;
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return 0;
  }
  return 0;
}

std::string_view authority_of(std::string_view url) {
  const auto start = url.find("://");
  if (start == std::string_view::npos) return {};
  auto rest = url.substr(start + 3);
  return rest.substr(0, rest.find_first_of("/?#"));
}

std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t pos = 0;
  while (pos <= path.size()) {
    const auto slash = path.find('/', pos);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    const auto segment = path.substr(pos, end - pos);
    const bool last = slash == std::string_view::npos;
    if (segment == "..") {
      if (segments.size() > 1) segments.pop_back();
      if (last) segments.emplace_back("");
    } else if (segment == ".") {
      if (last) segments.emplace_back("");
    } else {
      segments.push_back(segment);
    }
    if (last) break;
    pos = slash + 1;
  }
  std::string out;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i) out += '/';
    out += segments[i];
  }
  return out;
}

}  // namespace

bool is_http_url(std::string_view url) {
  const auto scheme = lower(url.substr(0, scheme_length(url)));
  if (scheme != "http:" && scheme != "https:") return false;
  if (url.substr(scheme.size(), 2) != "//") return false;
  if (std::any_of(url.begin(), url.end(), [](unsigned char c) { return c <= ' '; })) return false;
  return url_host(url).has_value();
}

std::optional<std::string> url_host(std::string_view url) {
  auto authority = authority_of(url);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  if (!authority.empty() && authority[0] == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    authority = authority.substr(0, close + 1);
  } else {
    authority = authority.substr(0, authority.find(':'));
  }
  if (authority.empty()) return std::nullopt;
  return lower(authority);
}

std::string resolve_url(std::string_view base, std::string_view reference) {
  if (base.empty() || scheme_length(reference) > 0) return std::string(reference);
  const auto scheme = base.substr(0, scheme_length(base));
  if (scheme.empty()) return std::string(reference);
  if (reference.empty()) return std::string(base.substr(0, base.find('#')));
  if (reference.substr(0, 2) == "//") return std::string(scheme) + std::string(reference);
  const auto authority = authority_of(base);
  const auto origin_length = base.find(authority) + authority.size();
  const std::string origin(base.substr(0, origin_length));
  auto base_path = base.substr(origin_length);
  base_path = base_path.substr(0, base_path.find_first_of("?#"));
  if (reference[0] == '#') return std::string(base.substr(0, base.find('#'))) + std::string(reference);
  if (reference[0] == '?') return origin + std::string(base_path) + std::string(reference);

  const auto ref_end = reference.find_first_of("?#");
  const auto ref_path = reference.substr(0, ref_end);
  const auto ref_tail = ref_end == std::string_view::npos ? std::string_view{} : reference.substr(ref_end);
  std::string merged;
  if (ref_path[0] == '/') {
    merged = std::string(ref_path);
  } else {
    const auto dir_end = base_path.rfind('/');
    merged = dir_end == std::string_view::npos ? "/" : std::string(base_path.substr(0, dir_end + 1));
    merged += ref_path;
  }
  return origin + remove_dot_segments(merged) + std::string(ref_tail);
}

namespace {

bool names_a_credential(std::string_view name) {
  const auto lowered = lower(name);
  for (const char* word : {"token", "key", "secret", "password", "passwd", "pass", "sig", "signature", "auth"}) {
    if (lowered.find(word) != std::string::npos) return true;
  }
  return false;
}

// "a=1&token=x" with each credential's value replaced.
std::string mask_query(std::string_view query) {
  std::string out;
  size_t start = 0;
  while (start <= query.size()) {
    auto end = query.find_first_of("&;", start);
    if (end == std::string_view::npos) end = query.size();
    const auto pair = query.substr(start, end - start);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && equals + 1 < pair.size() && names_a_credential(pair.substr(0, equals))) {
      out.append(pair.substr(0, equals + 1)).append("***");
    } else {
      out.append(pair);
    }
    if (end < query.size()) out += query[end];
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string mask_credentials(std::string_view url) {
  std::string out(url);
  const auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    const auto authority = scheme + 3;
    const auto authority_end = out.find_first_of("/?#", authority);
    const auto at = out.rfind('@', authority_end == std::string::npos ? out.size() : authority_end);
    if (at != std::string::npos && at > authority) {
      const auto colon = out.find(':', authority);
      if (colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  const auto question = out.find('?');
  if (question == std::string::npos) return out;
  const auto fragment = out.find('#', question);
  const auto query_end = fragment == std::string::npos ? out.size() : fragment;
  return out.substr(0, question + 1) +
         mask_query(std::string_view(out).substr(question + 1, query_end - question - 1)) + out.substr(query_end);
}

}  // namespace khabar
