// The smallest Hamming distance from one 64-bit signature to an array of
// them: the near-copy lookup's inner loop (store/recent_signatures.h), run
// over every recent story of the days around each new item. Kernels for
// what the CPU has, chosen once at run time: Debian builds for baseline
// x86-64, where std::popcount is a call into libgcc.
#pragma once

#include <cstddef>
#include <cstdint>

namespace khabar::store {

enum class ScanKernel {
  kScalar,  // one signature at a time (hardware POPCNT where the CPU has it)
  kAvx2,    // four at a time: popcount by nibble lookup (pshufb), summed by psadbw
  kAvx512,  // eight at a time with VPOPCNTQ (AVX-512 VPOPCNTDQ)
};

// The best kernel this CPU runs.
ScanKernel best_scan_kernel();
bool kernel_supported(ScanKernel kernel);

// The smallest distance (65 when count is 0), with the given kernel (one the
// CPU supports) or the best one.
int min_distance(const std::uint64_t* signatures, std::size_t count, std::uint64_t target, ScanKernel kernel);
int min_distance(const std::uint64_t* signatures, std::size_t count, std::uint64_t target);

}  // namespace khabar::store
