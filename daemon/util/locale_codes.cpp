#include "util/locale_codes.h"

#include <algorithm>

namespace khabar {
namespace {

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_letter_or_digit(char c) { return is_letter(c) || (c >= '0' && c <= '9'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool all_of(std::string_view text, bool (*test)(char)) { return std::all_of(text.begin(), text.end(), test); }

}  // namespace

bool is_language_code(std::string_view code) {
  const auto dash = code.find('-');
  const auto primary = code.substr(0, dash);
  if (primary.size() < 2 || primary.size() > 3 || !all_of(primary, is_letter)) return false;
  if (dash == std::string_view::npos) return true;
  const auto subtag = code.substr(dash + 1);
  return subtag.size() >= 2 && subtag.size() <= 8 && all_of(subtag, is_letter_or_digit);
}

std::string normalize_language(std::string code) {
  const auto primary_end = std::min(code.find('-'), code.size());
  std::transform(code.begin(), code.begin() + static_cast<std::ptrdiff_t>(primary_end), code.begin(), lower);
  return code;
}

bool is_country_code(std::string_view code) { return code.size() == 2 && all_of(code, is_letter); }

std::string normalize_country(std::string code) {
  std::transform(code.begin(), code.end(), code.begin(), upper);
  return code;
}

bool same_code(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool language_admits(std::string_view wanted, std::string_view actual) {
  if (same_code(wanted, actual)) return true;
  return actual.size() > wanted.size() && actual[wanted.size()] == '-' &&
         same_code(wanted, actual.substr(0, wanted.size()));
}

}  // namespace khabar
