#include "store/story_signature.h"

#include <bit>
#include <string>
#include <vector>

#include "text/normalizer.h"

namespace khabar::store {
namespace {

constexpr size_t kShingleWords = 3;
constexpr int kTitleWeight = 2;
constexpr int kSummaryWeight = 1;

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

// FNV-1a 64 of the words [first, last) joined by single spaces.
std::uint64_t fnv1a(const std::vector<std::string>& words, size_t first, size_t last) {
  std::uint64_t hash = kFnvOffset;
  for (size_t i = first; i < last; ++i) {
    if (i > first) hash = (hash ^ static_cast<unsigned char>(' ')) * kFnvPrime;
    for (unsigned char c : words[i]) hash = (hash ^ c) * kFnvPrime;
  }
  return hash;
}

// splitmix64's finalizer: every input bit affects every output bit.
std::uint64_t mix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::vector<std::string> folded_words(std::string_view text) {
  std::vector<std::string> words;
  for (auto& token : text::tokenize(text).tokens) words.push_back(std::move(token.text));
  return words;
}

// The hashes of a text's 3-word shingles, or of its words when it has fewer.
std::vector<std::uint64_t> shingle_hashes(std::string_view text) {
  const auto words = folded_words(text);
  const size_t width = words.size() < kShingleWords ? 1 : kShingleWords;
  std::vector<std::uint64_t> hashes;
  for (size_t i = 0; i + width <= words.size(); ++i) hashes.push_back(mix(fnv1a(words, i, i + width)));
  return hashes;
}

void add_votes(std::array<int, 64>& votes, std::string_view text, int weight) {
  for (auto hash : shingle_hashes(text)) {
    for (int bit = 0; bit < 64; ++bit) votes[bit] += (hash >> bit) & 1 ? weight : -weight;
  }
}

}  // namespace

std::uint64_t story_signature(std::string_view title, std::string_view summary) {
  std::array<int, 64> votes{};
  add_votes(votes, title, kTitleWeight);
  add_votes(votes, summary, kSummaryWeight);
  std::uint64_t signature = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (votes[bit] > 0) signature |= std::uint64_t{1} << bit;
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
