#include "store/story_signature.h"

#include <algorithm>
#include <array>
#include <bit>
#include <vector>

#include "text/normalizer.h"

namespace khabar::store {
namespace {

constexpr size_t kShingleWords = 3;
constexpr int kTitleWeight = 2;
constexpr int kSummaryWeight = 1;

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

// FNV-1a 64 of a run of words as they stand in an index form (one space
// between words): the hash of the words joined by single spaces.
std::uint64_t fnv1a(std::string_view words) {
  std::uint64_t hash = kFnvOffset;
  for (unsigned char c : words) hash = (hash ^ c) * kFnvPrime;
  return hash;
}

// The same of four runs at once. Each hash is a chain of multiplies, one a
// byte, each waiting on the last: four chains interleaved keep the
// multiplier busy instead of waiting.
constexpr size_t kLanes = 4;
std::array<std::uint64_t, kLanes> fnv1a_lanes(const std::array<std::string_view, kLanes>& runs) {
  std::array<std::uint64_t, kLanes> hash;
  hash.fill(kFnvOffset);
  size_t longest = 0;
  for (const auto& run : runs) longest = std::max(longest, run.size());
  for (size_t i = 0; i < longest; ++i) {
    for (size_t lane = 0; lane < kLanes; ++lane) {
      if (i < runs[lane].size()) hash[lane] = (hash[lane] ^ static_cast<unsigned char>(runs[lane][i])) * kFnvPrime;
    }
  }
  return hash;
}

// splitmix64's finalizer: every input bit affects every output bit.
std::uint64_t mix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Where each word of an index form starts, and one past the text's end (as
// if a space followed it), so word i spans [starts[i], starts[i + 1] - 1).
std::vector<size_t> word_starts(std::string_view words) {
  std::vector<size_t> starts;
  if (words.empty()) return starts;
  starts.push_back(0);
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] == ' ') starts.push_back(i + 1);
  }
  starts.push_back(words.size() + 1);
  return starts;
}

// Byte j of kSpread[b] is bit j of b: adding kSpread of a hash's byte to a
// word of 8 byte-wide counters counts 8 bit positions in one addition.
constexpr std::array<std::uint64_t, 256> make_spread() {
  std::array<std::uint64_t, 256> spread{};
  for (unsigned b = 0; b < 256; ++b) {
    for (unsigned j = 0; j < 8; ++j) spread[b] |= static_cast<std::uint64_t>((b >> j) & 1) << (8 * j);
  }
  return spread;
}
constexpr auto kSpread = make_spread();

// How many of a text's shingle hashes have each bit set. The byte-wide
// counters are emptied into `ones` before any can pass 255.
struct BitCounts {
  std::array<int, 64> ones{};
  int hashes = 0;

  void add(std::string_view words) {
    std::array<std::uint64_t, 8> packed{};
    int pending = 0;
    const auto starts = word_starts(words);
    const size_t count = starts.empty() ? 0 : starts.size() - 1;
    const size_t width = count < kShingleWords ? 1 : kShingleWords;
    const auto shingle = [&](size_t i) { return words.substr(starts[i], starts[i + width] - 1 - starts[i]); };
    size_t i = 0;
    for (; i + kLanes - 1 + width <= count; i += kLanes) {
      const auto lane_hashes = fnv1a_lanes({shingle(i), shingle(i + 1), shingle(i + 2), shingle(i + 3)});
      for (const auto hash : lane_hashes) count_bits(mix(hash), packed, pending);
    }
    for (; i + width <= count; ++i) count_bits(mix(fnv1a(shingle(i))), packed, pending);
    unpack(packed, pending);
  }

  void count_bits(std::uint64_t hash, std::array<std::uint64_t, 8>& packed, int& pending) {
    for (int k = 0; k < 8; ++k) packed[k] += kSpread[(hash >> (8 * k)) & 0xff];
    ++hashes;
    if (++pending == 255) unpack(packed, pending);
  }

  void unpack(std::array<std::uint64_t, 8>& packed, int& pending) {
    for (int bit = 0; bit < 64; ++bit) ones[bit] += static_cast<int>((packed[bit / 8] >> (8 * (bit % 8))) & 0xff);
    packed = {};
    pending = 0;
  }

  // The weighted vote of bit i: each hash votes +weight when it has the bit, -weight when not.
  int vote(int bit, int weight) const { return weight * (2 * ones[bit] - hashes); }
};

}  // namespace

std::uint64_t story_signature(std::string_view title, std::string_view summary) {
  return story_signature_of_index_forms(text::index_form(title), text::index_form(summary));
}

std::uint64_t story_signature_of_index_forms(std::string_view title_words, std::string_view summary_words) {
  BitCounts title;
  BitCounts summary;
  title.add(title_words);
  summary.add(summary_words);
  std::uint64_t signature = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (title.vote(bit, kTitleWeight) + summary.vote(bit, kSummaryWeight) > 0) signature |= std::uint64_t{1} << bit;
  }
  return signature;
}

int hamming_distance(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

bool same_story(std::uint64_t a, std::uint64_t b, int max_distance) { return hamming_distance(a, b) <= max_distance; }

std::array<std::uint16_t, 4> signature_bands(std::uint64_t signature) {
  std::array<std::uint16_t, 4> bands{};
  for (int i = 0; i < 4; ++i) bands[i] = static_cast<std::uint16_t>(signature >> (16 * i));
  return bands;
}

}  // namespace khabar::store
