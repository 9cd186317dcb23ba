// Request parameters: application/x-www-form-urlencoded (query strings and
// form bodies), cookies, and URLs built from parameters.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::web {

// Name → value; a repeated name keeps its first value. '+' is a space.
class Params {
 public:
  Params() = default;
  static Params parse(std::string_view encoded);
  // The value, or "" when absent.
  std::string get(const std::string& name) const;
  // The value when present and not empty.
  std::optional<std::string> optional(const std::string& name) const;
  void set(const std::string& name, std::string value) { values_[name] = std::move(value); }
  void erase(const std::string& name) { values_.erase(name); }
  // "a=1&b=x%20y": names in order, empty values left out.
  std::string encode() const;

 private:
  std::map<std::string, std::string> values_;
};

std::string url_decode(std::string_view text);
std::string url_encode(std::string_view text);

// The target's path and its query ("/item/5?x=1" → "/item/5", "x=1").
std::pair<std::string, std::string> split_target(std::string_view target);

// Cookie: header → name → value.
std::map<std::string, std::string> parse_cookies(std::string_view header);

}  // namespace khabar::web
