#include "util/suggest.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

const std::vector<std::string> kFeeds{"azattyk-ru", "azattyk-ky", "ozodi-tj", "kun-uz"};

TEST(SuggestTest, ATypoGetsTheClosestName) {
  EXPECT_EQ(closest_name("ozdoi-tj", kFeeds), "ozodi-tj");
  EXPECT_EQ(did_you_mean("kun-us", kFeeds), " (did you mean \"kun-uz\"?)");
}

TEST(SuggestTest, ANameTypedWithoutItsSuffixIsRecognized) { EXPECT_EQ(closest_name("azattyk", kFeeds), "azattyk-ru"); }

TEST(SuggestTest, NothingCloseMeansNoSuggestion) {
  EXPECT_EQ(closest_name("rferl", kFeeds), std::nullopt);
  EXPECT_EQ(did_you_mean("zz", kFeeds), "");
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

}  // namespace
}  // namespace khabar
