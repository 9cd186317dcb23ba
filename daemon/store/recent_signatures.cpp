#include "store/recent_signatures.h"

#include <algorithm>
#include <bit>
#include <utility>

#include "store/hamming_scan.h"

namespace khabar::store {
namespace {

// The first of the signatures at `distance` from `target` (count if none).
__attribute__((target_clones("popcnt", "default"))) size_t first_at_distance(const std::uint64_t* signatures,
                                                                             size_t count, std::uint64_t target,
                                                                             int distance) {
  for (size_t i = 0; i < count; ++i) {
    if (std::popcount(signatures[i] ^ target) == distance) return i;
  }
  return count;
}

// Among the signatures whose events are in [lo, hi], the smallest distance
// and the first signature at it ({65, count} if none).
__attribute__((target_clones("popcnt", "default"))) std::pair<int, size_t> nearest_in_window(
    const std::uint64_t* signatures, const UnixTime* events, size_t count, std::uint64_t target, UnixTime lo,
    UnixTime hi) {
  std::pair<int, size_t> best{65, count};
  for (size_t i = 0; i < count; ++i) {
    if (events[i] < lo || events[i] > hi) continue;
    const int d = std::popcount(signatures[i] ^ target);
    if (d < best.first) best = {d, i};
  }
  return best;
}

}  // namespace

void RecentSignatures::Best::consider(int d, std::int64_t s) {
  if (d < distance || (d == distance && story && s < *story)) {
    distance = d;
    story = s;
  }
}

void RecentSignatures::add(std::int64_t story, std::uint64_t signature, UnixTime first_seen) {
  add(story, signature, first_seen, first_seen);
}

void RecentSignatures::add(std::int64_t story, std::uint64_t signature, UnixTime first_seen, UnixTime event_time) {
  const auto day_number = utc_day(event_time);
  auto& day = days_[day_number];
  day.stories.push_back(story);
  day.signatures.push_back(signature);
  day.events.push_back(event_time);
  arrivals_.emplace_back(first_seen, day_number);
  ++size_;
}

void RecentSignatures::forget_before(UnixTime time) {
  while (!arrivals_.empty() && arrivals_.front().first < time) {
    const auto found = days_.find(arrivals_.front().second);
    arrivals_.pop_front();
    --size_;
    auto& day = found->second;
    if (++day.begin == day.signatures.size()) {
      days_.erase(found);
    } else if (day.begin >= 4096 && day.begin * 2 >= day.signatures.size()) {  // compact once the forgotten are half
      const auto cut = static_cast<std::ptrdiff_t>(day.begin);
      day.stories.erase(day.stories.begin(), day.stories.begin() + cut);
      day.signatures.erase(day.signatures.begin(), day.signatures.begin() + cut);
      day.events.erase(day.events.begin(), day.events.begin() + cut);
      day.begin = 0;
    }
  }
}

// The day's stories with events in [lo, hi]: a whole day inside is one
// vector scan, then the oldest at its best distance; a day on the window's
// edge is checked story by story.
void RecentSignatures::scan(const Day& day, std::uint64_t signature, UnixTime lo, UnixTime hi, Best& best) {
  const auto* signatures = day.signatures.data() + day.begin;
  const auto* events = day.events.data() + day.begin;
  const size_t count = day.size();
  if (count == 0) return;
  const auto first_day = utc_day(events[0]);
  const bool whole_day = first_day * kSecondsPerDay >= lo && (first_day + 1) * kSecondsPerDay - 1 <= hi;
  const auto [d, index] = whole_day ? std::pair<int, size_t>{min_distance(signatures, count, signature), 0}
                                    : nearest_in_window(signatures, events, count, signature, lo, hi);
  if (d > best.distance || (d == best.distance && !best.story)) return;  // no nearer than what is had (or allowed)
  // The oldest of the day at that distance.
  best.consider(d, day.stories[day.begin + (whole_day ? first_at_distance(signatures, count, signature, d) : index)]);
}

std::optional<std::int64_t> RecentSignatures::nearest(std::uint64_t signature, int max_distance) const {
  Best best{max_distance + 1, std::nullopt};
  for (const auto& [number, day] : days_)
    scan(day, signature, number * kSecondsPerDay, (number + 1) * kSecondsPerDay - 1, best);
  return best.story;
}

std::optional<std::int64_t> RecentSignatures::nearest_around(std::uint64_t signature, UnixTime event_time,
                                                             UnixTime window, int max_distance) const {
  Best best{max_distance + 1, std::nullopt};
  const UnixTime lo = event_time - window, hi = event_time + window;
  for (auto it = days_.lower_bound(utc_day(lo)); it != days_.end() && it->first <= utc_day(hi); ++it)
    scan(it->second, signature, lo, hi, best);
  return best.story;
}

}  // namespace khabar::store
