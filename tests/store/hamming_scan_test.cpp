#include "store/hamming_scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <random>
#include <vector>

namespace khabar::store {
namespace {

int brute_force(const std::vector<std::uint64_t>& signatures, std::uint64_t target) {
  int best = 65;
  for (const auto s : signatures) best = std::min(best, std::popcount(s ^ target));
  return best;
}

// Every kernel this CPU runs finds the nearest signature, whatever the array's
// length (the vector loops' tails) and wherever the nearest lies.
TEST(HammingScanTest, EveryKernelAgreesWithABruteForceScan) {
  std::mt19937_64 random(20261207);  // fixed: the same arrays every run
  for (const auto kernel : {ScanKernel::kScalar, ScanKernel::kAvx2, ScanKernel::kAvx512}) {
    if (!kernel_supported(kernel)) continue;
    for (std::size_t count = 0; count < 70; ++count) {
      std::vector<std::uint64_t> signatures(count);
      for (auto& s : signatures) s = random();
      const auto target = random();
      // A near copy (3 bits off) at a random place, in half of the arrays.
      if (count > 0 && count % 2 == 0) signatures[random() % count] = target ^ 0b10101;
      EXPECT_EQ(min_distance(signatures.data(), count, target, kernel), brute_force(signatures, target))
          << "kernel " << static_cast<int>(kernel) << ", " << count << " signatures";
    }
  }
}

TEST(HammingScanTest, NoSignaturesAreFartherThanAnyDistance) { EXPECT_EQ(min_distance(nullptr, 0, 42), 65); }

}  // namespace
}  // namespace khabar::store
