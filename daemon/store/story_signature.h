// Near-duplicate detection: reports of one event by several outlets (or one
// report syndicated with small edits) get signatures a few bits apart, so the
// archive can group them into one story. Pure: no I/O, no state.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace khabar::store {

// Largest Hamming distance between two signatures of one story, chosen on the
// examples in tests/store/story_signature_test.cpp (distances listed there):
// copies differing only in punctuation, quotes or case lie at 0; a changed
// summary word, an appended sentence, and Uzbek Latin vs Cyrillic at 5-9;
// different reports on one topic sharing a template (two funerals, two road
// accidents) at 20-27; unrelated reports at 27-34. 10 sits in the gap, nearer
// the duplicates, because a false merge hides an event while a missed merge
// only shows it twice. Known misses at 10: about half of the copies with one
// title word changed (title shingles weigh double) and copies whose summary is
// cut to its first sentence (8-17 bits); raising the threshold to 12 catches
// more of them at about five times the false merges of template-sharing pairs.
inline constexpr int kStoryDistance = 10;

// A 64-bit SimHash of an item's title and summary. Features are 3-word
// shingles of text::tokenize's folded words (so Cyrillic and Latin spellings,
// case, quotes and punctuation do not matter), taken separately in the title and
// the summary; a part under 3 words contributes its words themselves. Title
// shingles weigh 2, summary shingles 1: syndicated rewrites keep the event's
// words in the title. Each feature is hashed with FNV-1a 64 over its words'
// UTF-8 joined by single spaces, then mixed with splitmix64's finalizer (FNV
// alone diffuses short inputs poorly into the high bits); both are fixed, so a
// signature is stable across runs, builds and platforms and may be stored.
// Bit i of the result is set when the weighted features with bit i set outweigh
// those without. Texts without words give 0 (and are thus "the same story" as
// each other: callers should not group items that have no text). Texts of a
// few words have few features and coarse signatures. To store one in SQLite's
// signed INTEGER, cast to std::int64_t and back (the bits are kept). Thread-safe.
std::uint64_t story_signature(std::string_view title, std::string_view summary);

// The same signature from texts already in text::index_form (folded words
// joined by single spaces): the archive computes those for its search index,
// and tokenizing once is a tenth of the ingest time.
std::uint64_t story_signature_of_index_forms(std::string_view title_words, std::string_view summary_words);

// The number of differing bits, 0..64.
int hamming_distance(std::uint64_t a, std::uint64_t b);

// Whether two signatures are close enough to be one story: distance <= max_distance.
bool same_story(std::uint64_t a, std::uint64_t b, int max_distance = kStoryDistance);

// The signature cut into 4 bands of 16 bits, band i = bits [16 i, 16 i + 16).
// Signatures within distance 3 share at least one band exactly (pigeonhole), so
// an index on the bands finds all of them with 4 exact lookups. Beyond 3 the
// lookup loses recall: with the d differing bits spread at random, the chance
// that some band is untouched is 90% at d = 4, 58% at d = 6, 33% at d = 8 and
// only 17% at d = kStoryDistance = 10. So the bands are a fast first pass (they
// catch verbatim and near-verbatim copies); finding every pair within
// kStoryDistance needs an exact scan over a recent window (a few thousand
// 64-bit integers a day: microseconds) or more band tables over permuted bits.
std::array<std::uint16_t, 4> signature_bands(std::uint64_t signature);

}  // namespace khabar::store
