// Feed dates in the forms found in the wild: RFC 822/1123/2822 with zone
// names or numeric offsets, RFC 3339 and ISO 8601 variants, Russian month and
// weekday names, two-digit years. Pure; no locale, no clock.
#pragma once

#include <optional>
#include <string_view>

#include "util/time_format.h"

namespace khabar::parse {

// Returns the instant in UTC, or nullopt when the text is not a date we can
// read unambiguously. Never guesses: an unknown word makes the date unreadable.
// A date without a zone is taken as UTC; a date without a time as midnight.
std::optional<UnixTime> parse_date(std::string_view text);

}  // namespace khabar::parse
