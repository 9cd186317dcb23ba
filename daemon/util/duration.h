#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace khabar {

// Parses a human duration: a sequence of <number><unit> with units
// s, m, h, d (e.g. "90s", "15m", "2h", "1h30m"). A bare number is seconds.
// Returns nullopt for anything else, including zero-length and negative input.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

// "1h30m", "15m", "90s" style; inverse of parse_duration for whole seconds.
std::string format_duration(std::chrono::seconds duration);

}  // namespace khabar
