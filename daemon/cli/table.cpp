#include "cli/table.h"

#include <algorithm>

namespace khabar::cli {
namespace {

size_t char_count(const std::string& s) {
  size_t count = 0;
  for (const unsigned char c : s) count += (c & 0xC0) != 0x80;
  return count;
}

}  // namespace

std::string fit(const std::string& s, size_t width) {
  if (char_count(s) <= width) return s + std::string(width - char_count(s), ' ');
  std::string out;
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool starts_char = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (starts_char && ++count > width - 1) break;
    out += s[i];
  }
  return out + "…";
}

std::string aligned(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], char_count(row[i]));
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - char_count(row[i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace khabar::cli
