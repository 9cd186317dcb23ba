#include "match/token_hit_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace khabar::match {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<int> found(const TokenHitCache& cache, std::string_view token) {
  std::span<const int> ids;
  if (cache.find(token, ids) != TokenHitCache::Known::kHits) return {-1};
  return {ids.begin(), ids.end()};
}

TEST(TokenHitCacheTest, GivesBackWhatEachTokenHit) {
  TokenHitCache cache;
  const std::vector<int> recruit = {3, 17}, none = {};
  cache.remember("verbovka", recruit);
  cache.remember("kontrakt", std::vector<int>{5});
  cache.remember("pogoda", none);
  EXPECT_THAT(found(cache, "verbovka"), ElementsAre(3, 17));
  EXPECT_THAT(found(cache, "kontrakt"), ElementsAre(5));
  std::span<const int> ids;
  ASSERT_EQ(cache.find("pogoda", ids), TokenHitCache::Known::kHits);  // known to hit nothing: not a trie walk again
  EXPECT_THAT(ids, IsEmpty());
  EXPECT_THAT(found(cache, "verbov"), ElementsAre(-1));     // a prefix of a known token is another token
  EXPECT_THAT(found(cache, "verbovkaa"), ElementsAre(-1));  // and so is a longer one
  EXPECT_THAT(found(cache, ""), ElementsAre(-1));
}

TEST(TokenHitCacheTest, StartsOverWhenFullAndKeepsAnswering) {
  TokenHitCache cache;
  for (int i = 0; i < 200'000; ++i) cache.remember(std::string(1, 'w').append(std::to_string(i)), std::vector<int>{i});
  // The newest tokens are known, each with its own hits; the oldest were forgotten.
  EXPECT_THAT(found(cache, "w199999"), ElementsAre(199999));
  EXPECT_THAT(found(cache, "w199000"), ElementsAre(199000));
  EXPECT_THAT(found(cache, "w0"), ElementsAre(-1));
  cache.clear();
  EXPECT_THAT(found(cache, "w199999"), ElementsAre(-1));
}

// The table grows as the vocabulary does: every token, short (held in its
// slot) or long, with few hits (in the slot) or many, is still found after
// it has doubled several times.
TEST(TokenHitCacheTest, KeepsEveryTokenAsItGrows) {
  TokenHitCache cache;
  auto token_of = [](int i) {
    std::string token(i % 3 == 0 ? 20 : static_cast<size_t>(i % 16), i % 3 == 0 ? 'x' : 'y');
    token += std::to_string(i);
    return token;
  };
  auto ids_of = [](int i) { return std::vector<int>(static_cast<size_t>(i % 4), i); };
  for (int i = 0; i < 20'000; ++i) cache.remember(token_of(i), ids_of(i));
  for (int i = 0; i < 20'000; ++i) ASSERT_EQ(found(cache, token_of(i)), ids_of(i)) << token_of(i);
  EXPECT_THAT(found(cache, "y20000"), ElementsAre(-1));
}

// Tokens of 9 to 16 bytes are held as their first and last eight bytes,
// which overlap: tokens that differ only in the middle are still told apart,
// and so are shorter ones.
TEST(TokenHitCacheTest, TellsApartShortTokensThatDifferAnywhere) {
  TokenHitCache cache;
  cache.remember("abcdefghijkl", std::vector<int>{1});
  EXPECT_THAT(found(cache, "abcdefghijkl"), ElementsAre(1));
  EXPECT_THAT(found(cache, "abcdefgXijkl"), ElementsAre(-1));
  EXPECT_THAT(found(cache, "abcdefghijk"), ElementsAre(-1));
  EXPECT_THAT(found(cache, "abcdefgh"), ElementsAre(-1));
  EXPECT_THAT(found(cache, std::string_view("abcdefgh\0", 9)), ElementsAre(-1));
  // Shorter ones are read as their first and last four bytes, or as their
  // first, middle and last bytes.
  for (const char* token : {"abcdefgh", "abcde", "abcd", "abc", "ab", "a"}) cache.remember(token, std::vector<int>{2});
  for (const char* token : {"abcXefgh", "abXde", "aXcd", "aXc", "ba", "b", "abcdefg", "bcd"})
    EXPECT_THAT(found(cache, token), ElementsAre(-1)) << token;
  for (const char* token : {"abcdefgh", "abcde", "abcd", "abc", "ab", "a"})
    EXPECT_THAT(found(cache, token), ElementsAre(2)) << token;
}

TEST(TokenHitCacheTest, SaysWhenATokensHitsDependOnHowItWasWritten) {
  TokenHitCache cache;
  cache.remember_depends_on_surface("voyna");
  std::span<const int> ids;
  EXPECT_EQ(cache.find("voyna", ids), TokenHitCache::Known::kDependsOnSurface);
  EXPECT_EQ(cache.find("voyn", ids), TokenHitCache::Known::kNo);
}

TEST(TokenHitCacheTest, LongTokensAreComparedWhole) {
  TokenHitCache cache;
  const std::string a(300, 'a');
  std::string b = a;
  b.back() = 'b';
  cache.remember(a, std::vector<int>{1});
  EXPECT_THAT(found(cache, a), ElementsAre(1));
  EXPECT_THAT(found(cache, b), ElementsAre(-1));
}

}  // namespace
}  // namespace khabar::match
