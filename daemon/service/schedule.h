// When to poll a feed next: a pure function of what the last poll saw. No
// clock, no randomness of its own: the caller passes both in.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "util/time_format.h"

namespace khabar::service {

struct ScheduleLimits {
  std::chrono::seconds min_interval{5 * 60};
  std::chrono::seconds max_interval{6 * 3600};
  std::chrono::seconds max_backoff{6 * 3600};
  bool adaptive = true;
};

struct PollObservation {
  bool failed = false;
  int consecutive_errors = 0;                       // including this failure
  std::optional<std::chrono::seconds> retry_after;  // from a 429 or 503
  std::optional<std::chrono::seconds> max_age;      // Cache-Control: max-age
  std::optional<std::chrono::seconds> ttl;          // RSS <ttl>
  std::vector<int> skip_hours;                      // RSS <skipHours>, UTC hours 0-23
  std::vector<UnixTime> item_times;                 // publication times of the feed's recent items
};

// The delay before the next poll, for a feed configured with `interval`.
// `jitter` in [0, 1) spreads feeds configured alike (±10%).
//
// - A failure backs off exponentially from the interval (1x, 2x, 4x...) up to
//   max_backoff, and never sooner than a Retry-After asks; a failing feed is
//   never dropped: it keeps being polled at the cap.
// - Otherwise, when adaptive, the interval follows the feed's publishing
//   rhythm (half the median gap between its recent items), within
//   [min_interval, max_interval]; caching hints (max-age, ttl) only lengthen it.
// - A time that falls in skipHours moves to the end of the skipped hours.
std::chrono::seconds next_poll_delay(std::chrono::seconds interval, const PollObservation& seen,
                                     const ScheduleLimits& limits, UnixTime now, double jitter);

// Whether a feed that used to publish has gone quiet for much longer than its
// rhythm (ten median gaps, and at least three days): worth a human's look.
bool is_unusually_quiet(const std::vector<UnixTime>& item_times, UnixTime now);

// Seconds from a Retry-After header (delta-seconds or an HTTP date), or nullopt.
std::optional<std::chrono::seconds> parse_retry_after(const std::string& value, UnixTime now);

// max-age from a Cache-Control header, or nullopt.
std::optional<std::chrono::seconds> parse_max_age(const std::string& cache_control);

}  // namespace khabar::service
