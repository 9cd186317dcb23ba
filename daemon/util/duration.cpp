#include "util/duration.h"

#include <cctype>
#include <cstdint>

namespace khabar {
namespace {

std::optional<std::int64_t> unit_seconds(char unit) {
  switch (unit) {
    case 's':
      return 1;
    case 'm':
      return 60;
    case 'h':
      return 3600;
    case 'd':
      return 86400;
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    std::int64_t number = 0;
    size_t digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      number = number * 10 + (text[i++] - '0');
      if (++digits > 9) return std::nullopt;  // absurd, and guards overflow
    }
    if (digits == 0) return std::nullopt;
    if (i == text.size()) {
      if (total != 0) return std::nullopt;  // "1h30" is ambiguous
      total = number;
      break;
    }
    auto unit = unit_seconds(text[i++]);
    if (!unit) return std::nullopt;
    total += number * *unit;
  }
  if (total <= 0) return std::nullopt;
  return std::chrono::seconds(total);
}

std::string format_duration(std::chrono::seconds duration) {
  auto left = duration.count();
  if (left == 0) return "0s";
  std::string out;
  for (auto [unit, size] : {std::pair{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}) {
    if (left >= size) {
      out += std::to_string(left / size) + unit;
      left %= size;
    }
  }
  return out;
}

}  // namespace khabar
