#include "cli/archive_query.h"

#include <algorithm>
#include <iostream>

#include "cli/search_output.h"
#include "parse/date_parser.h"
#include "util/duration.h"
#include "util/suggest.h"

namespace khabar::cli {

// "7d", "12h": that long ago; else a date as feeds write them.
std::optional<UnixTime> point_in_time(const std::string& text, UnixTime now) {
  if (text.empty()) return std::nullopt;
  if (auto age = parse_duration(text)) return now - age->count();
  return parse::parse_date(text);
}

// A table is read by a person: the newest 20 unless asked. An export is
// for a program or a spreadsheet: everything unless asked.
int default_limit(const std::optional<int>& limit, const std::string& format) {
  return limit ? *limit : (format == "table" ? 20 : 0);
}

// Prints what was found; says on standard error when the limit cut it.
void print_found(const std::vector<Found>& found, bool cut, const std::string& format, const std::string& title,
                 UnixTime now) {
  if (format == "json")
    std::cout << found_json(found);
  else if (format == "jsonl")
    std::cout << found_json_lines(found);
  else if (format == "csv")
    std::cout << found_csv(found);
  else if (format == "atom")
    std::cout << found_atom(found, title, now);
  else
    std::cout << found_table(found);
  if (cut) {
    std::cerr << "(the newest " << found.size() << " shown; there are more: --limit N shows more"
              << (format == "table" ? ", an export (--format csv, json) shows all)\n" : ")\n");
  }
}

// A feed, rule or channel name the config does not have: an error with a
// suggestion, not an empty result.
bool known_name(const std::string& what, const std::string& name, const std::vector<std::string>& known) {
  if (name.empty() || std::find(known.begin(), known.end(), name) != known.end()) return true;
  std::cerr << "no " << what << " named \"" << name << "\" in the configuration" << did_you_mean(name, known) << "\n";
  return false;
}

// A bare word of the characters names are made of: meant as a rule's name.
bool looks_like_a_name(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace khabar::cli
