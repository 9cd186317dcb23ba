// The last days' stories by SimHash signature, for finding the story a new
// near-copy belongs to, kept by the day their first report happened. An
// exact scan over each day's contiguous array of signatures (AVX-512, AVX2
// or hardware popcount where the CPU has it: store/hamming_scan.h): the
// scan was a quarter of ingest time when it walked structs and called
// libgcc's popcount per story, and a cold poll of 10,000 feeds spent a sixth
// of its CPU scanning every story it had just made, before the days were
// kept apart.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "store/story_signature.h"
#include "util/time_format.h"

namespace khabar::store {

class RecentSignatures {
 public:
  // Stories come in the order they were first seen (so a smaller story id is
  // an older story). `event_time`: when the story's first report happened
  // (its publication, else its arrival); first_seen when not given.
  void add(std::int64_t story, std::uint64_t signature, UnixTime first_seen);
  void add(std::int64_t story, std::uint64_t signature, UnixTime first_seen, UnixTime event_time);
  // Forgets the stories first seen before `time`.
  void forget_before(UnixTime time);
  // The story whose signature is nearest, if within `max_distance`; among
  // equally near ones, the oldest.
  std::optional<std::int64_t> nearest(std::uint64_t signature, int max_distance = kStoryDistance) const;
  // The same among the stories whose event time is within `window` of
  // `event_time`: near-copies of one report are published within days of
  // each other, and a cold poll that brings weeks of items at once then
  // scans days of stories per item, not all of them.
  std::optional<std::int64_t> nearest_around(std::uint64_t signature, UnixTime event_time, UnixTime window,
                                             int max_distance = kStoryDistance) const;
  size_t size() const { return size_; }

 private:
  // The stories whose events fell on one day (UTC), in the order they came:
  // parallel arrays, entries before `begin` forgotten and dropped in bulk.
  struct Day {
    std::vector<std::int64_t> stories;
    std::vector<std::uint64_t> signatures;
    std::vector<UnixTime> events;
    size_t begin = 0;
    size_t size() const { return signatures.size() - begin; }
  };
  // The nearest story so far; `distance` starts one beyond the farthest
  // allowed, with no story.
  struct Best {
    int distance = 65;
    std::optional<std::int64_t> story;
    void consider(int d, std::int64_t s);
  };
  static void scan(const Day& day, std::uint64_t signature, UnixTime lo, UnixTime hi, Best& best);

  std::map<std::int64_t, Day> days_;  // by day number
  // Every story's arrival and event day, in arrival order: what to forget.
  std::deque<std::pair<UnixTime, std::int64_t>> arrivals_;
  size_t size_ = 0;
};

}  // namespace khabar::store
