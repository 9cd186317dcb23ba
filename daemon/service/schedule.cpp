#include "service/schedule.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "parse/date_parser.h"

namespace khabar::service {
namespace {

using std::chrono::seconds;

std::optional<seconds> median_gap(std::vector<UnixTime> times) {
  if (times.size() < 3) return std::nullopt;
  std::sort(times.begin(), times.end());
  std::vector<UnixTime> gaps;
  for (size_t i = 1; i < times.size(); ++i) {
    if (times[i] > times[i - 1]) gaps.push_back(times[i] - times[i - 1]);
  }
  if (gaps.empty()) return std::nullopt;
  std::nth_element(gaps.begin(), gaps.begin() + static_cast<long>(gaps.size() / 2), gaps.end());
  return seconds(gaps[gaps.size() / 2]);
}

seconds clamp(seconds value, seconds low, seconds high) { return std::max(low, std::min(value, high)); }

seconds backoff(seconds interval, const PollObservation& seen, const ScheduleLimits& limits) {
  const int doublings = std::min(std::max(seen.consecutive_errors - 1, 0), 20);
  auto delay = std::min<seconds>(interval * (1LL << doublings), limits.max_backoff);
  if (seen.retry_after) delay = std::max(delay, std::min(*seen.retry_after, seconds(24 * 3600)));
  return delay;
}

seconds healthy(seconds interval, const PollObservation& seen, const ScheduleLimits& limits) {
  auto delay = interval;
  if (limits.adaptive) {
    if (const auto gap = median_gap(seen.item_times)) delay = clamp(*gap / 2, limits.min_interval, limits.max_interval);
  }
  for (const auto& hint : {seen.max_age, seen.ttl}) {
    if (hint) delay = std::max(delay, std::min(*hint, limits.max_interval));
  }
  return delay;
}

// Moves `when` past any run of skipped UTC hours it falls in.
UnixTime skip_hours(UnixTime when, const std::vector<int>& hours) {
  for (int guard = 0; guard < 24; ++guard) {
    const int hour = static_cast<int>((when % 86400) / 3600);
    if (std::find(hours.begin(), hours.end(), hour) == hours.end()) return when;
    when = (when / 3600 + 1) * 3600;
  }
  return when;  // every hour skipped: a broken hint, ignore it
}

}  // namespace

seconds next_poll_delay(seconds interval, const PollObservation& seen, const ScheduleLimits& limits, UnixTime now,
                        double jitter) {
  auto delay = seen.failed ? backoff(interval, seen, limits) : healthy(interval, seen, limits);
  delay = seconds(static_cast<long long>(std::llround(static_cast<double>(delay.count()) * (0.9 + 0.2 * jitter))));
  if (seen.retry_after) delay = std::max(delay, std::min(*seen.retry_after, seconds(24 * 3600)));
  const auto when = skip_hours(now + delay.count(), seen.skip_hours);
  return seconds(std::max<UnixTime>(when - now, 1));
}

bool is_unusually_quiet(const std::vector<UnixTime>& item_times, UnixTime now) {
  const auto gap = median_gap(item_times);
  if (!gap || item_times.empty()) return false;
  const auto newest = *std::max_element(item_times.begin(), item_times.end());
  return now - newest > std::max<long long>(10 * gap->count(), 3 * 86400);
}

std::optional<seconds> parse_retry_after(const std::string& value, UnixTime now) {
  if (!value.empty() && std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return seconds(std::stoll(value.substr(0, 9)));
  }
  if (const auto when = parse::parse_date(value)) return seconds(std::max<UnixTime>(*when - now, 0));
  return std::nullopt;
}

std::optional<seconds> parse_max_age(const std::string& cache_control) {
  const auto pos = cache_control.find("max-age=");
  if (pos == std::string::npos) return std::nullopt;
  long long value = 0;
  size_t i = pos + 8;
  bool any = false;
  while (i < cache_control.size() && std::isdigit(static_cast<unsigned char>(cache_control[i])) && i < pos + 18) {
    value = value * 10 + (cache_control[i++] - '0');
    any = true;
  }
  if (!any) return std::nullopt;
  return seconds(value);
}

}  // namespace khabar::service
