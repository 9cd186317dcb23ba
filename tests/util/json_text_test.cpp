#include "util/json_text.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

TEST(JsonTextTest, WritesIllFormedUtf8AsReplacementCharactersInsteadOfThrowing) {
  const nlohmann::ordered_json value{{"format", "rss0\xD1"},
                                     {"title",
                                      "Прези\xFF"
                                      "дент"}};
  EXPECT_THROW((void)value.dump(), nlohmann::json::type_error);  // why the helper exists
  EXPECT_EQ(json_text(value), "{\"format\":\"rss0\uFFFD\",\"title\":\"Прези\uFFFDдент\"}");
}

TEST(JsonTextTest, IndentsWhenAsked) { EXPECT_EQ(json_text(nlohmann::json{{"a", 1}}, 2), "{\n  \"a\": 1\n}"); }

}  // namespace
}  // namespace khabar
