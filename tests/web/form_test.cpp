#include "web/form.h"

#include <gtest/gtest.h>

namespace khabar::web {
namespace {

TEST(FormTest, ParsesUrlEncodedPairs) {
  const auto params = Params::parse("q=%D0%B2%D0%B5%D1%80%D0%B1%D0%BE%D0%B2*+AND+x&rule=&lang=ky&lang=ru&flag");
  EXPECT_EQ(params.get("q"), "вербов* AND x");
  EXPECT_EQ(params.get("lang"), "ky");  // the first of a repeated name
  EXPECT_FALSE(params.optional("rule"));
  EXPECT_EQ(params.get("flag"), "");
  EXPECT_EQ(params.get("absent"), "");
}

TEST(FormTest, EncodesBackLeavingEmptyValuesOut) {
  Params params;
  params.set("q", "a b&c");
  params.set("rule", "");
  EXPECT_EQ(params.encode(), "q=a%20b%26c");
  EXPECT_EQ(Params::parse(params.encode()).get("q"), "a b&c");
}

TEST(FormTest, BrokenEscapesStayAsWritten) { EXPECT_EQ(url_decode("100%zz%4"), "100%zz%4"); }

TEST(FormTest, SplitsTargetsAndCookies) {
  EXPECT_EQ(split_target("/item/5?done=marked"), (std::pair<std::string, std::string>{"/item/5", "done=marked"}));
  EXPECT_EQ(split_target("/stories").second, "");
  const auto cookies = parse_cookies("khabar_session=abc; theme = dark;broken; =x");
  EXPECT_EQ(cookies.at("khabar_session"), "abc");
  EXPECT_EQ(cookies.at("theme"), "dark");
  EXPECT_EQ(cookies.size(), 2u);
}

}  // namespace
}  // namespace khabar::web
