// The last days' stories by SimHash signature, oldest first, for finding
// the story a new near-copy belongs to. An exact scan over one contiguous
// array of signatures (AVX2 or hardware popcount where the CPU has it): the window
// holds a few thousand stories a day, and the scan was a quarter of ingest
// time when it walked structs and called libgcc's popcount per story.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "store/story_signature.h"
#include "util/time_format.h"

namespace khabar::store {

class RecentSignatures {
 public:
  // Stories come in the order they were first seen.
  void add(std::int64_t story, std::uint64_t signature, UnixTime first_seen);
  // Forgets the stories first seen before `time`.
  void forget_before(UnixTime time);
  // The story whose signature is nearest, if within `max_distance`; among
  // equally near ones, the oldest.
  std::optional<std::int64_t> nearest(std::uint64_t signature, int max_distance = kStoryDistance) const;
  size_t size() const { return signatures_.size() - begin_; }

 private:
  // Parallel arrays; entries before begin_ are forgotten, and dropped in bulk.
  std::vector<std::int64_t> stories_;
  std::vector<std::uint64_t> signatures_;
  std::vector<UnixTime> first_seen_;
  size_t begin_ = 0;
};

}  // namespace khabar::store
