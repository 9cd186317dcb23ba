#include "store/recent_signatures.h"

#include <immintrin.h>

#include <algorithm>
#include <bit>

namespace khabar::store {
namespace {

// The smallest distance from `target` to any of the signatures (65 when
// there are none). Most new items are no near-copy, so this is the whole
// scan for them. With AVX2, four signatures at a time: popcount by nibble
// lookup (pshufb), summed per signature by psadbw.
__attribute__((target("avx2"))) int min_distance_avx2(const std::uint64_t* signatures, size_t count,
                                                      std::uint64_t target) {
  const __m256i nibble_bits =
      _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m256i low_nibbles = _mm256_set1_epi8(0x0f);
  const __m256i targets = _mm256_set1_epi64x(static_cast<long long>(target));
  __m256i best = _mm256_set1_epi64x(65);
  size_t i = 0;
  for (; i + 4 <= count; i += 4) {
    const __m256i diff =
        _mm256_xor_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(signatures + i)), targets);
    const __m256i low = _mm256_shuffle_epi8(nibble_bits, _mm256_and_si256(diff, low_nibbles));
    const __m256i high = _mm256_shuffle_epi8(nibble_bits, _mm256_and_si256(_mm256_srli_epi16(diff, 4), low_nibbles));
    best = _mm256_min_epi32(best, _mm256_sad_epu8(_mm256_add_epi8(low, high), _mm256_setzero_si256()));
  }
  alignas(32) std::int64_t lanes[4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), best);
  int result = static_cast<int>(std::min(std::min(lanes[0], lanes[1]), std::min(lanes[2], lanes[3])));
  for (; i < count; ++i) result = std::min(result, std::popcount(signatures[i] ^ target));
  return result;
}

// The same without AVX2; cloned for CPUs with POPCNT (every x86-64 since
// 2008): Debian builds for the baseline, where std::popcount is a call into libgcc.
__attribute__((target_clones("popcnt", "default"))) int min_distance_scalar(const std::uint64_t* signatures,
                                                                            size_t count, std::uint64_t target) {
  int best = 65;
  for (size_t i = 0; i < count; ++i) best = std::min(best, std::popcount(signatures[i] ^ target));
  return best;
}

int min_distance(const std::uint64_t* signatures, size_t count, std::uint64_t target) {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2 ? min_distance_avx2(signatures, count, target) : min_distance_scalar(signatures, count, target);
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
  const auto* first = signatures_.data() + begin_;
  const int best = min_distance(first, size(), signature);
  if (best > max_distance) return std::nullopt;
  for (size_t i = 0;; ++i) {  // the oldest at that distance: one exists
    if (std::popcount(first[i] ^ signature) == best) return stories_[begin_ + i];
  }
}

}  // namespace khabar::store
