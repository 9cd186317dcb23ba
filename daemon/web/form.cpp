#include "web/form.h"

#include <cctype>

namespace khabar::web {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string url_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

Params Params::parse(std::string_view encoded) {
  Params params;
  while (!encoded.empty()) {
    const auto amp = encoded.find('&');
    const auto pair = encoded.substr(0, amp);
    encoded = amp == std::string_view::npos ? std::string_view() : encoded.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto name = url_decode(pair.substr(0, eq));
    auto value = eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1));
    params.values_.emplace(std::move(name), std::move(value));
  }
  return params;
}

std::string Params::get(const std::string& name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? std::string() : it->second;
}

std::optional<std::string> Params::optional(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::string Params::encode() const {
  std::string out;
  for (const auto& [name, value] : values_) {
    if (value.empty()) continue;
    out += (out.empty() ? "" : "&") + url_encode(name) + "=" + url_encode(value);
  }
  return out;
}

std::pair<std::string, std::string> split_target(std::string_view target) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return {std::string(target), ""};
  return {std::string(target.substr(0, question)), std::string(target.substr(question + 1))};
}

std::map<std::string, std::string> parse_cookies(std::string_view header) {
  std::map<std::string, std::string> out;
  while (!header.empty()) {
    const auto semi = header.find(';');
    const auto pair = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    out.emplace(std::string(trim(pair.substr(0, eq))), std::string(trim(pair.substr(eq + 1))));
  }
  return out;
}

}  // namespace khabar::web
