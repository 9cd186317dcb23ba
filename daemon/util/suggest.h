// "Did you mean ...?" for a name the user typed: the closest of the known
// names by edit distance, if it is close enough to be a likely typo.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace khabar {

// Edits (insert, delete, substitute one byte) that turn `a` into `b`.
size_t edit_distance(const std::string& a, const std::string& b);

// The known name closest to `typed`, when at most a third of it (and at
// least two bytes) differs, else the first that `typed` begins; nullopt when
// nothing is that close.
std::optional<std::string> closest_name(const std::string& typed, const std::vector<std::string>& known);

// " (did you mean \"x\"?)" or "", to end an error message with.
std::string did_you_mean(const std::string& typed, const std::vector<std::string>& known);

}  // namespace khabar
