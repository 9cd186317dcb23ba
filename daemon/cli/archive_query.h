// What `search` and `replay` share: dates and ages on the command line, the
// default limit, printing in each format, and names checked against the
// configuration.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/search_output.h"
#include "util/time_format.h"

namespace khabar::cli {

// "7d", "12h": that long ago; else a date as feeds write them.
std::optional<UnixTime> point_in_time(const std::string& text, UnixTime now);

// A table is read by a person: the newest 20 unless asked. An export is
// for a program or a spreadsheet: everything unless asked (0).
int default_limit(const std::optional<int>& limit, const std::string& format);

// Prints what was found in `format`; says on standard error when the limit cut it.
void print_found(const std::vector<Found>& found, bool cut, const std::string& format, const std::string& title,
                 UnixTime now);

template <typename Named>
std::vector<std::string> names_of(const std::vector<Named>& things) {
  std::vector<std::string> names;
  for (const auto& thing : things) names.push_back(thing.name);
  return names;
}

// A feed, rule or channel name the config does not have: an error with a
// suggestion on standard error, not an empty result.
bool known_name(const std::string& what, const std::string& name, const std::vector<std::string>& known);

// A bare word of the characters names are made of: meant as a rule's name.
bool looks_like_a_name(const std::string& text);

}  // namespace khabar::cli
