#include "cli/table.h"


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

}  // namespace khabar::cli
