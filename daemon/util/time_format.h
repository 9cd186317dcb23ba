#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace khabar {

// Seconds since the Unix epoch, UTC. Feeds, the store and alerts all use it.
using UnixTime = std::int64_t;

// "2024-03-05T09:30:00Z".
std::string format_rfc3339(UnixTime time);

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's
// algorithm); month 1-12. No range checks.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);

inline constexpr UnixTime kSecondsPerDay = 86400;

// The UTC day `time` falls on, as days since 1970-01-01 (negative before).
constexpr std::int64_t utc_day(UnixTime time) {
  return time >= 0 ? time / kSecondsPerDay : (time - kSecondsPerDay + 1) / kSecondsPerDay;
}

// The current wall-clock time.
UnixTime unix_now();

}  // namespace khabar
