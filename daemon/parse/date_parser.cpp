#include "parse/date_parser.h"

#include <array>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "text/normalizer.h"

namespace khabar::parse {
namespace {

// --- Words, as data ------------------------------------------------------------
// Month names are matched by their longest listed prefix, after NFKC case
// folding (so "МАР", "Mar" and "мар" are one word).

struct Word {
  std::string_view prefix;
  int value;
};

constexpr Word kMonths[] = {
    // English
    {"jan", 1},
    {"feb", 2},
    {"mar", 3},
    {"apr", 4},
    {"may", 5},
    {"jun", 6},
    {"jul", 7},
    {"aug", 8},
    {"sep", 9},
    {"oct", 10},
    {"nov", 11},
    {"dec", 12},
    // Russian ("ма" is май/мая; "мар" is longer and wins for March)
    {"янв", 1},
    {"фев", 2},
    {"мар", 3},
    {"апр", 4},
    {"ма", 5},
    {"июн", 6},
    {"июл", 7},
    {"авг", 8},
    {"сен", 9},
    {"окт", 10},
    {"ноя", 11},
    {"дек", 12},
    // Greek, with and without the tonos
    {"ιαν", 1},
    {"φεβ", 2},
    {"μάρ", 3},
    {"μαρ", 3},
    {"απρ", 4},
    {"μάι", 5},
    {"μαι", 5},
    {"μαΐ", 5},
    {"ιούν", 6},
    {"ιουν", 6},
    {"ιούλ", 7},
    {"ιουλ", 7},
    {"αύγ", 8},
    {"αυγ", 8},
    {"σεπ", 9},
    {"οκτ", 10},
    {"νοέ", 11},
    {"νοε", 11},
    {"δεκ", 12},
    // Hungarian (január, február, augusztus, november, december share English prefixes)
    {"márc", 3},
    {"ápr", 4},
    {"máj", 5},
    {"jún", 6},
    {"júl", 7},
    {"szept", 9},
    {"okt", 10},
};

constexpr std::string_view kWeekdays[] = {
    "mon",   "tue",   "wed",  "thu",  "fri",  "sat",  "sun",  // English
    "пн",    "вт",    "ср",   "чт",   "пт",   "сб",   "вс",   // Russian
    "понед", "вторн", "сред", "четв", "пятн", "субб", "воскр", "κυρ", "δευ",
    "τρί",   "τρι",   "τετ",  "πέμ",  "πεμ",  "παρ",  "σάβ",   "σαβ",  // Greek
    "hét",   "kedd",  "szer", "csüt", "pén",  "szom", "vas",           // Hungarian
};

// Offsets in minutes. The one-letter-less US names (ET, CT, MT, PT) and AT
// are what feeds write for their local time, DST or not.
constexpr std::pair<std::string_view, int> kZones[] = {
    {"gmt", 0},    {"ut", 0},     {"utc", 0},    {"z", 0},      {"est", -300}, {"edt", -240},
    {"cst", -360}, {"cdt", -300}, {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
    {"et", -300},  {"ct", -360},  {"mt", -420},  {"pt", -480},  {"msk", 180},  {"msd", 240},
    {"cet", 60},   {"cest", 120}, {"met", 60},   {"mest", 120}, {"eet", 120},  {"eest", 180},
    {"bst", 60},   {"kst", 540},  {"at", -240},  {"ast", -240}, {"adt", -180},
};

constexpr std::string_view kFillers[] = {"г", "года", "в", "etc", "t", "of", "the"};

constexpr int kKoreaMinutes = 9 * 60;  // Korean dates without a zone are Korea time

// --- Fields to an instant --------------------------------------------------------

struct Fields {
  int year = -1, month = -1, day = -1;
  int hour = 0, minute = 0, second = 0;
  int offset_seconds = 0;
  int ordinal = -1;  // day of the year, when given instead of month and day
  bool has_time = false;
  bool has_zone = false;
  bool pm = false, am = false;
  bool korean = false;
};

constexpr UnixTime kLatest = 253402300799;  // 9999-12-31T23:59:59Z

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int month_length(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[static_cast<size_t>(month - 1)] + (month == 2 && leap(year) ? 1 : 0);
}

bool resolve_ordinal(Fields& f) {
  if (f.ordinal < 0) return true;
  if (f.ordinal < 1 || f.ordinal > (leap(f.year) ? 366 : 365)) return false;
  f.month = 1;
  f.day = f.ordinal;
  while (f.day > month_length(f.year, f.month)) f.day -= month_length(f.year, f.month++);
  return true;
}

std::optional<UnixTime> to_unix(Fields f) {
  if (f.year < 1 || f.year > 9999 || !resolve_ordinal(f)) return std::nullopt;
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > month_length(f.year, f.month)) return std::nullopt;
  if (f.pm && f.hour < 12) f.hour += 12;
  if (f.am && f.hour == 12) f.hour = 0;
  if (f.hour > 24 || f.minute > 59 || f.second > 60) return std::nullopt;
  if (f.korean && !f.has_zone) f.offset_seconds = kKoreaMinutes * 60;
  const auto days = days_from_civil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day));
  const int second = f.second == 60 ? 59 : f.second;  // leap second: clamp
  const UnixTime time = days * 86400 + f.hour * 3600 + f.minute * 60 + second - f.offset_seconds;
  if (time > kLatest) return std::nullopt;
  return time;
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

int two_digit_year(int value) { return value >= 70 ? 1900 + value : 2000 + value; }

// "+05:00", "+0500", "+05", "Z". Minutes over 59 or hours over 23 are not
// offsets.
bool read_iso_zone(std::string_view s, size_t& pos, Fields& f) {
  if (pos == s.size()) return true;
  if (s[pos] == 'Z' || s[pos] == 'z') return f.has_zone = true, ++pos == s.size();
  if (s[pos] != '+' && s[pos] != '-') return false;
  const int sign = s[pos++] == '-' ? -1 : 1;
  auto hours = digits(s, pos, 2);
  if (!hours || *hours > 23) return false;
  accept(s, pos, ':');
  int minutes = 0;
  if (pos < s.size()) {
    auto m = digits(s, pos, 2);
    if (!m || *m > 59) return false;
    minutes = *m;
  }
  f.offset_seconds = sign * (*hours * 3600 + minutes * 60);
  f.has_zone = true;
  return pos == s.size();
}

// --- ISO 8601 ----------------------------------------------------------------------
// The date forms, complete and reduced, calendar and ordinal, as templates:
// Y, M, D are digits of the year, month, day; O of the day of the year.

constexpr std::string_view kIsoDates[] = {
    "YYYY-MM-DD", "YYYYMMDD", "YYYY-0MM-DD",  // the last: Google's extra zero
    "YYYY-OOO",   "YYYYOOO",  "YYYY-MM",     "YYYY", "YY-MM-DD", "YYMMDD", "-YY-MM", "-YYMM", "YY-OOO", "YYOOO",
};

// Matches one template at the start of `s`; the date must end there or
// continue with a time.
bool match_iso_date(std::string_view s, std::string_view form, Fields& f, size_t& end) {
  int year = 0, month = 0, day = 0, ordinal = 0;
  size_t year_digits = 0;
  size_t i = 0;
  for (const char slot : form) {
    if (i >= s.size()) return false;
    const char c = s[i++];
    if (slot == '-' || slot == '0') {
      if (c != slot) return false;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    const int digit = c - '0';
    if (slot == 'Y')
      year = year * 10 + digit, ++year_digits;
    else if (slot == 'M')
      month = month * 10 + digit;
    else if (slot == 'D')
      day = day * 10 + digit;
    else
      ordinal = ordinal * 10 + digit;
  }
  if (i < s.size() && s[i] != 'T' && s[i] != 't' && s[i] != ' ') return false;
  f.year = year_digits == 2 ? two_digit_year(year) : year;
  f.month = form.find('M') == std::string_view::npos ? 1 : month;
  f.day = form.find('D') == std::string_view::npos ? 1 : day;
  if (form.find('O') != std::string_view::npos) f.ordinal = ordinal;
  end = i;
  return true;
}

bool read_iso_time(std::string_view s, size_t& pos, Fields& f) {
  auto hour = digits(s, pos, 2);
  if (!hour) return false;
  const bool extended = accept(s, pos, ':');
  auto minute = digits(s, pos, 2);
  if (!minute) return false;
  f.hour = *hour, f.minute = *minute, f.has_time = true;
  if ((extended && accept(s, pos, ':')) ||
      (!extended && pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])))) {
    auto second = digits(s, pos, 2);
    if (!second) return false;
    f.second = *second;
  }
  if (accept(s, pos, '.') || accept(s, pos, ',')) {
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
  }
  while (pos < s.size() && s[pos] == ' ') ++pos;
  return true;
}

// RFC 3339 and ISO 8601: 2024-03-05[T ]09:30[:00[.123]][zone], 20240305T093000Z,
// reduced (2024-03, 2024) and ordinal (2024-065) dates. A zone needs a time.
std::optional<UnixTime> parse_iso(std::string_view s) {
  for (const auto form : kIsoDates) {
    Fields f;
    size_t pos = 0;
    if (!match_iso_date(s, form, f, pos)) continue;
    if (pos == s.size()) return to_unix(f);
    ++pos;
    if (!read_iso_time(s, pos, f) || !read_iso_zone(s, pos, f)) return std::nullopt;
    return to_unix(f);
  }
  return std::nullopt;
}

// --- Free-form dates --------------------------------------------------------------

int month_from_word(const std::string& w) {
  int month = 0;
  size_t longest = 0;
  for (const auto& [prefix, value] : kMonths) {
    if (prefix.size() > longest && w.rfind(prefix, 0) == 0) month = value, longest = prefix.size();
  }
  return month;
}

template <typename List>
bool listed(const List& list, const std::string& w, bool prefix) {
  for (const std::string_view entry : list) {
    if (prefix ? w.rfind(entry, 0) == 0 : w == entry) return true;
  }
  return false;
}

std::optional<int> zone_minutes(const std::string& w) {
  for (const auto& [name, minutes] : kZones) {
    if (w == name) return minutes;
  }
  return std::nullopt;
}

struct Scanner {
  std::string s;
  size_t pos = 0;
  bool done() const { return pos >= s.size(); }
  unsigned char peek() const { return static_cast<unsigned char>(s[pos]); }
  char before(size_t start) const { return start > 0 ? s[start - 1] : ' '; }
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
    if (pos < in.s.size() && in.s[pos] == ':') return false;  // 1:2:3:4
  }
  f.has_time = true;
  in.pos = pos;
  return true;
}

// Korean dates mark each number: 2004년 05월 28일.
bool take_korean_unit(Scanner& in, int value, Fields& f) {
  static constexpr std::pair<std::string_view, int Fields::*> kUnits[] = {
      {"년", &Fields::year}, {"월", &Fields::month}, {"일", &Fields::day}};
  for (const auto& [unit, field] : kUnits) {
    if (in.s.compare(in.pos, unit.size(), unit) == 0) {
      if (f.*field >= 0) return false;
      f.*field = value;
      f.korean = true;
      in.pos += unit.size();
      return true;
    }
  }
  return false;
}

bool take_number(Scanner& in, Fields& f) {
  const size_t start = in.pos;
  int value = 0;
  while (!in.done() && std::isdigit(in.peek())) value = value * 10 + (in.s[in.pos++] - '0');
  const size_t length = in.pos - start;
  if (length > 4) return false;
  if (take_korean_unit(in, value, f)) return true;
  if (!in.done() && in.s[in.pos] == ':') return !f.has_time && read_clock(in, value, f);
  if (!in.done() && in.s[in.pos] == '.' && f.day < 0 && length <= 2) {  // 05.03.2024
    size_t pos = in.pos + 1;
    auto month = digits(in.s, pos, 2);
    if (!month || !accept(in.s, pos, '.')) return false;
    f.day = value, f.month = *month;
    in.pos = pos;
    return true;
  }
  const char separator = in.before(start);
  if (length <= 2 && f.year >= 0 && f.month < 0 && f.day < 0 && (separator == '-' || separator == '/')) {
    f.month = value;  // 2006/09/15, 2004-05-25: year first, then month
    return true;
  }
  if (length == 4 || (f.day >= 0 && f.year < 0)) {
    if (f.year >= 0) return false;
    f.year = length <= 2 ? two_digit_year(value) : value;
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
  if (!minutes || *minutes > 59) return false;
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
  } else if (word == "at" && !f.has_time) {
    // "5 March 2024 at 10:00"; after the time, AT is Atlantic time
  } else if (auto minutes = zone_minutes(word)) {
    if (f.has_zone) return false;
    f.offset_seconds = *minutes * 60;
    f.has_zone = true;
  } else if (word == "pm" || word == "오후") {
    f.pm = true, f.korean = f.korean || word != "pm";
  } else if (word == "am" || word == "오전") {
    f.am = true, f.korean = f.korean || word != "am";
  } else if (!listed(kWeekdays, word, true) && !listed(kFillers, word, false)) {
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
    if (std::isdigit(c))
      ok = take_number(in, f);
    else if ((c == '+' || c == '-') && f.has_time)
      ok = take_offset(in, f);
    else if (std::isalpha(c) || c >= 0x80)
      ok = take_word(in, f);
    else
      ++in.pos;  // spaces, commas, dots, dashes, slashes between fields
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
