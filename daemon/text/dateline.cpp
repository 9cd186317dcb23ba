#include "text/dateline.h"

#include <unicode/uchar.h>

#include "util/utf8.h"

namespace khabar::text {
namespace {

constexpr int kMaxCityWords = 3;
// How far after the city the agency's dash may come: "ДУШАНБЕ, 13 декабря
// 2025 года — Sputnik" fits.
constexpr size_t kDashWithin = 48;

bool is_dash(std::uint32_t c) { return c == '-' || c == 0x2013 || c == 0x2014; }

// The end of a word in capitals starting at `at` (letters and inner
// hyphens, at least two letters, no lower case), or `at` when there is none.
size_t capitals_word_end(std::string_view text, size_t at) {
  size_t i = at, letters = 0, end = at;
  while (i < text.size()) {
    size_t next = i;
    const auto c = decode_utf8(text, next);
    if (u_isupper(static_cast<UChar32>(c))) {
      ++letters;
    } else if (!(c == '-' && letters > 0)) {
      break;
    }
    i = next;
    if (c != '-') end = i;
  }
  return letters >= 2 ? end : at;
}

bool dash_follows(std::string_view text, size_t from) {
  const auto window = text.substr(from, kDashWithin);
  for (size_t i = 0; i < window.size();) {
    const auto c = decode_utf8(window, i);
    // A hyphen inside a word ("13-го") is no dash; one between spaces is.
    if (c == 0x2013 || c == 0x2014) return true;
    if (c == '-' && i < window.size() && window[i] == ' ') return true;
  }
  return false;
}

// The first character at or after `at` that is not a space, or 0.
std::uint32_t next_visible(std::string_view text, size_t at) {
  while (at < text.size()) {
    const auto c = decode_utf8(text, at);
    if (c != ' ') return c;
  }
  return 0;
}

}  // namespace

std::string_view without_dateline(std::string_view text) {
  size_t at = 0;
  while (at < text.size() && (text[at] == ' ' || text[at] == '\n' || text[at] == '\t')) ++at;
  size_t city_end = at;
  for (int words = 0; words < kMaxCityWords; ++words) {
    const size_t start = words == 0 ? at : city_end + 1;  // past the space between words
    const size_t end = capitals_word_end(text, start);
    if (end == start) break;
    city_end = end;
    if (city_end >= text.size() || text[city_end] != ' ') break;
  }
  if (city_end == at) return text;
  const auto after = next_visible(text, city_end);
  const bool opens_dateline = after == '.' || after == ',' || after == '(' || is_dash(after);
  return opens_dateline && dash_follows(text, city_end) ? text.substr(city_end) : text;
}

}  // namespace khabar::text
