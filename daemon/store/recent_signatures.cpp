#include "store/recent_signatures.h"

#include <bit>

namespace khabar::store {
namespace {

// The index of the first signature nearest to `target`, and its distance.
// Cloned for CPUs with POPCNT (every x86-64 since 2008) and without: Debian
// builds for the baseline, where std::popcount is a call into libgcc.
struct Nearest {
  size_t index;
  int distance;
};

__attribute__((target_clones("popcnt", "default"))) Nearest scan(const std::uint64_t* signatures, size_t count,
                                                                 std::uint64_t target) {
  Nearest best{count, 65};
  for (size_t i = 0; i < count; ++i) {
    const int distance = std::popcount(signatures[i] ^ target);
    if (distance < best.distance) best = {i, distance};
  }
  return best;
}

}  // namespace

void RecentSignatures::add(std::int64_t story, std::uint64_t signature, UnixTime first_seen) {
  stories_.push_back(story);
  signatures_.push_back(signature);
  first_seen_.push_back(first_seen);
}

void RecentSignatures::forget_before(UnixTime time) {
  while (begin_ < first_seen_.size() && first_seen_[begin_] < time) ++begin_;
  if (begin_ < 4096 || begin_ * 2 < signatures_.size()) return;  // compact once the forgotten are half
  const auto cut = static_cast<std::ptrdiff_t>(begin_);
  stories_.erase(stories_.begin(), stories_.begin() + cut);
  signatures_.erase(signatures_.begin(), signatures_.begin() + cut);
  first_seen_.erase(first_seen_.begin(), first_seen_.begin() + cut);
  begin_ = 0;
}

std::optional<std::int64_t> RecentSignatures::nearest(std::uint64_t signature, int max_distance) const {
  if (size() == 0) return std::nullopt;
  const auto best = scan(signatures_.data() + begin_, size(), signature);
  if (best.distance > max_distance) return std::nullopt;
  return stories_[begin_ + best.index];
}

}  // namespace khabar::store
