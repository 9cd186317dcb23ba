#include "store/hamming_scan.h"

#include <immintrin.h>

#include <algorithm>
#include <bit>

namespace khabar::store {
namespace {

// Four signatures at a time: popcount by nibble lookup (pshufb), summed per
// signature by psadbw.
__attribute__((target("avx2"))) int min_distance_avx2(const std::uint64_t* signatures, std::size_t count,
                                                      std::uint64_t target) {
  const __m256i nibble_bits =
      _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m256i low_nibbles = _mm256_set1_epi8(0x0f);
  const __m256i targets = _mm256_set1_epi64x(static_cast<long long>(target));
  __m256i best = _mm256_set1_epi64x(65);
  std::size_t i = 0;
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

// _mm512_min_epu64 and _mm512_reduce_min_epu64 pass GCC 12 an undefined
// vector it then warns of as uninitialized: the masked form with every lane
// selected is the same instruction.
__attribute__((target("avx512f"))) inline __m512i min_epu64(__m512i a, __m512i b) {
  return _mm512_mask_min_epu64(a, 0xff, a, b);
}

// Eight at a time, two vectors per step so that the minimum's dependency
// chain does not hold the loop back.
__attribute__((target("avx512f,avx512vpopcntdq"))) int min_distance_avx512(const std::uint64_t* signatures,
                                                                           std::size_t count, std::uint64_t target) {
  const __m512i targets = _mm512_set1_epi64(static_cast<long long>(target));
  __m512i best_a = _mm512_set1_epi64(65), best_b = best_a;
  std::size_t i = 0;
  for (; i + 16 <= count; i += 16) {
    const __m512i a = _mm512_xor_si512(_mm512_loadu_si512(signatures + i), targets);
    const __m512i b = _mm512_xor_si512(_mm512_loadu_si512(signatures + i + 8), targets);
    best_a = min_epu64(best_a, _mm512_popcnt_epi64(a));
    best_b = min_epu64(best_b, _mm512_popcnt_epi64(b));
  }
  alignas(64) std::uint64_t lanes[8];
  _mm512_store_si512(lanes, min_epu64(best_a, best_b));
  int result = static_cast<int>(*std::min_element(lanes, lanes + 8));
  for (; i < count; ++i) result = std::min(result, std::popcount(signatures[i] ^ target));
  return result;
}

// Cloned for CPUs with POPCNT (every x86-64 since 2008).
__attribute__((target_clones("popcnt", "default"))) int min_distance_scalar(const std::uint64_t* signatures,
                                                                            std::size_t count, std::uint64_t target) {
  int best = 65;
  for (std::size_t i = 0; i < count; ++i) best = std::min(best, std::popcount(signatures[i] ^ target));
  return best;
}

}  // namespace

bool kernel_supported(ScanKernel kernel) {
  switch (kernel) {
    case ScanKernel::kScalar:
      return true;
    case ScanKernel::kAvx2:
      return __builtin_cpu_supports("avx2");
    case ScanKernel::kAvx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq");
  }
  return false;
}

ScanKernel best_scan_kernel() {
  static const ScanKernel best = kernel_supported(ScanKernel::kAvx512) ? ScanKernel::kAvx512
                                 : kernel_supported(ScanKernel::kAvx2) ? ScanKernel::kAvx2
                                                                       : ScanKernel::kScalar;
  return best;
}

int min_distance(const std::uint64_t* signatures, std::size_t count, std::uint64_t target, ScanKernel kernel) {
  switch (kernel) {
    case ScanKernel::kAvx512:
      return min_distance_avx512(signatures, count, target);
    case ScanKernel::kAvx2:
      return min_distance_avx2(signatures, count, target);
    case ScanKernel::kScalar:
      break;
  }
  return min_distance_scalar(signatures, count, target);
}

int min_distance(const std::uint64_t* signatures, std::size_t count, std::uint64_t target) {
  return min_distance(signatures, count, target, best_scan_kernel());
}

}  // namespace khabar::store
