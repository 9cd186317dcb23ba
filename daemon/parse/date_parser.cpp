#include "parse/date_parser.h"

#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "text/normalizer.h"

namespace khabar::parse {
namespace {

struct Fields {
  int year = -1, month = -1, day = -1;
  int hour = 0, minute = 0, second = 0;
  int offset_seconds = 0;
  bool has_time = false;
  bool has_zone = false;
};

std::optional<UnixTime> to_unix(const Fields& f) {
  static constexpr std::array<int, 12> kDays{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (f.year < 1900 || f.year > 2200 || f.month < 1 || f.month > 12 || f.day < 1) return std::nullopt;
  if (f.day > kDays[static_cast<size_t>(f.month - 1)]) return std::nullopt;
  const bool leap = (f.year % 4 == 0 && f.year % 100 != 0) || f.year % 400 == 0;
  if (f.month == 2 && f.day == 29 && !leap) return std::nullopt;
  if (f.hour > 24 || f.minute > 59 || f.second > 60) return std::nullopt;
  const auto days = days_from_civil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day));
  const int second = f.second == 60 ? 59 : f.second;  // leap second: clamp
  return days * 86400 + f.hour * 3600 + f.minute * 60 + second - f.offset_seconds;
}

// Reads exactly `count` digits at `pos`.
std::optional<int> digits(std::string_view s, size_t& pos, size_t count) {
  if (pos + count > s.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[pos + i]))) return std::nullopt;
    value = value * 10 + (s[pos + i] - '0');
  }
  pos += count;
  return value;
}

bool accept(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) return ++pos, true;
  return false;
}

// "+05:00", "+0500", "+05", "Z".
bool read_iso_zone(std::string_view s, size_t& pos, Fields& f) {
  if (pos == s.size()) return true;
  if (s[pos] == 'Z' || s[pos] == 'z') return f.has_zone = true, ++pos == s.size();
  if (s[pos] != '+' && s[pos] != '-') return false;
  const int sign = s[pos++] == '-' ? -1 : 1;
  auto hours = digits(s, pos, 2);
  if (!hours) return false;
  accept(s, pos, ':');
  int minutes = 0;
  if (pos < s.size()) {
    auto m = digits(s, pos, 2);
    if (!m) return false;
    minutes = *m;
  }
  f.offset_seconds = sign * (*hours * 3600 + minutes * 60);
  f.has_zone = true;
  return pos == s.size();
}

// RFC 3339 and ISO 8601: 2024-03-05[T ]09:30[:00[.123]][zone], 20240305T093000Z.
std::optional<UnixTime> parse_iso(std::string_view s) {
  Fields f;
  size_t pos = 0;
  auto year = digits(s, pos, 4);
  if (!year) return std::nullopt;
  const bool extended = accept(s, pos, '-');
  auto month = digits(s, pos, 2);
  if (!month || (extended && !accept(s, pos, '-'))) return std::nullopt;
  auto day = digits(s, pos, 2);
  if (!day) return std::nullopt;
  f.year = *year, f.month = *month, f.day = *day;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
    ++pos;
    auto hour = digits(s, pos, 2);
    if (!hour || (extended && !accept(s, pos, ':'))) return std::nullopt;
    auto minute = digits(s, pos, 2);
    if (!minute) return std::nullopt;
    f.hour = *hour, f.minute = *minute;
    if ((extended && accept(s, pos, ':')) || (!extended && pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])))) {
      auto second = digits(s, pos, 2);
      if (!second) return std::nullopt;
      f.second = *second;
    }
    if (accept(s, pos, '.') || accept(s, pos, ',')) {
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    }
    while (pos < s.size() && s[pos] == ' ') ++pos;
  }
  if (!read_iso_zone(s, pos, f)) return std::nullopt;
  return to_unix(f);
}

int month_from_word(const std::string& w) {
  static const std::array<const char*, 12> kEnglish{"jan", "feb", "mar", "apr", "may", "jun",
                                                    "jul", "aug", "sep", "oct", "nov", "dec"};
  static const std::array<const char*, 12> kRussian{"янв", "фев", "мар", "апр", "ма", "июн",
                                                    "июл", "авг", "сен", "окт", "ноя", "дек"};
  for (int i = 0; i < 12; ++i) {
    if (w.rfind(kEnglish[static_cast<size_t>(i)], 0) == 0) return i + 1;
  }
  if (w.rfind("мар", 0) == 0) return 3;  // before the bare "ма" of май/мая
  for (int i = 0; i < 12; ++i) {
    if (w.rfind(kRussian[static_cast<size_t>(i)], 0) == 0) return i + 1;
  }
  return 0;
}

bool is_weekday(const std::string& w) {
  static const std::array<const char*, 21> kWeekdays{
      "mon", "tue", "wed", "thu", "fri", "sat", "sun", "пн", "вт", "ср", "чт",
      "пт", "сб", "вс", "понед", "вторн", "сред", "четв", "пятн", "субб", "воскр"};
  for (const char* prefix : kWeekdays) {
    if (w.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

std::optional<int> zone_offset_hours(const std::string& w) {
  static const std::array<std::pair<const char*, int>, 19> kZones{{
      {"gmt", 0}, {"ut", 0}, {"utc", 0}, {"z", 0}, {"est", -5}, {"edt", -4},
      {"cst", -6}, {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7},
      {"msk", 3}, {"msd", 4}, {"cet", 1}, {"cest", 2}, {"eet", 2}, {"eest", 3}, {"bst", 1}}};
  for (const auto& [name, hours] : kZones) {
    if (w == name) return hours;
  }
  return std::nullopt;
}

bool is_filler(const std::string& w) { return w == "г" || w == "года" || w == "at" || w == "в"; }

struct Scanner {
  std::string s;
  size_t pos = 0;
  bool done() const { return pos >= s.size(); }
  unsigned char peek() const { return static_cast<unsigned char>(s[pos]); }
};

// One "H:MM[:SS]" group, after its first number was read.
bool read_clock(Scanner& in, int first, Fields& f) {
  f.hour = first;
  size_t pos = in.pos + 1;
  auto minute = digits(in.s, pos, 2);
  if (!minute) return false;
  f.minute = *minute;
  if (accept(in.s, pos, ':')) {
    auto second = digits(in.s, pos, 2);
    if (!second) return false;
    f.second = *second;
  }
  f.has_time = true;
  in.pos = pos;
  return true;
}

bool take_number(Scanner& in, Fields& f) {
  const size_t start = in.pos;
  int value = 0;
  while (!in.done() && std::isdigit(in.peek())) value = value * 10 + (in.s[in.pos++] - '0');
  const size_t length = in.pos - start;
  if (length > 4) return false;
  if (!in.done() && in.s[in.pos] == ':') return !f.has_time && read_clock(in, value, f);
  if (!in.done() && in.s[in.pos] == '.' && f.day < 0 && length <= 2) {  // 05.03.2024
    size_t pos = in.pos + 1;
    auto month = digits(in.s, pos, 2);
    if (!month || !accept(in.s, pos, '.')) return false;
    f.day = value, f.month = *month;
    in.pos = pos;
    return true;
  }
  if (length == 4 || (f.day >= 0 && f.year < 0)) {
    if (f.year >= 0) return false;
    f.year = length <= 2 ? (value >= 70 ? 1900 + value : 2000 + value) : value;
    return true;
  }
  if (f.day >= 0) return false;
  f.day = value;
  return true;
}

bool take_offset(Scanner& in, Fields& f) {
  const int sign = in.s[in.pos++] == '-' ? -1 : 1;
  size_t pos = in.pos;
  auto hours = digits(in.s, pos, 2);
  if (!hours) return false;
  accept(in.s, pos, ':');
  auto minutes = digits(in.s, pos, 2);
  if (!minutes) return false;
  in.pos = pos;
  f.offset_seconds = sign * (*hours * 3600 + *minutes * 60);
  return f.has_zone = true;
}

bool take_word(Scanner& in, Fields& f) {
  const size_t start = in.pos;
  while (!in.done() && (std::isalpha(in.peek()) || in.peek() >= 0x80)) ++in.pos;
  const auto word = in.s.substr(start, in.pos - start);
  if (const int month = month_from_word(word); month > 0 && f.month < 0) {
    f.month = month;
  } else if (auto hours = zone_offset_hours(word)) {
    if (f.has_zone) return false;
    f.offset_seconds = *hours * 3600;
    f.has_zone = true;
  } else if (!is_weekday(word) && !is_filler(word)) {
    return false;
  }
  return true;
}

// RFC 822 and the free-form variants: tokens in any reasonable order.
std::optional<UnixTime> parse_loose(std::string_view text) {
  Scanner in{text::normalize(text)};
  Fields f;
  while (!in.done()) {
    const unsigned char c = in.peek();
    bool ok = true;
    if (std::isdigit(c)) ok = take_number(in, f);
    else if ((c == '+' || c == '-') && f.has_time) ok = take_offset(in, f);
    else if (std::isalpha(c) || c >= 0x80) ok = take_word(in, f);
    else ++in.pos;  // spaces, commas, dots, dashes between fields
    if (!ok) return std::nullopt;
  }
  if (f.day < 0 || f.month < 0 || f.year < 0) return std::nullopt;
  return to_unix(f);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<UnixTime> parse_date(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 100) return std::nullopt;
  if (auto iso = parse_iso(text)) return iso;
  return parse_loose(text);
}

}  // namespace khabar::parse
