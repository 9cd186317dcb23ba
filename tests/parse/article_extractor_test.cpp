#include "parse/article_extractor.h"

#include <gtest/gtest.h>

#include "support/test_data.h"

namespace khabar::parse {
namespace {

class ArticleExtractorTest : public ::testing::TestWithParam<std::string> {};

// Each page of tests/data/article against the text a good extractor gives:
// the body in order, without navigation, related stories, comments, footers.
TEST_P(ArticleExtractorTest, GivesTheBodyAndNothingElse) {
  const auto page = testing::read_test_data("article/" + GetParam() + ".html");
  auto expected = testing::read_test_data("article/" + GetParam() + ".expected.txt");
  while (!expected.empty() && expected.back() == '\n') expected.pop_back();
  auto text = extract_article(page);
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text, expected);
}

INSTANTIATE_TEST_SUITE_P(Pages, ArticleExtractorTest,
                         ::testing::Values("pangea_ky", "wordpress_ru", "news_uz_latn", "news_tg", "news_en"));

TEST(ArticleXPathTest, TheFeedsExpressionWins) {
  const auto page = testing::read_test_data("article/pangea_ky.html");
  auto text = extract_article(page, "//div[@id='article-content']//div[contains(@class, 'wsw')]");
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_NE(text->find("келишим"), std::string::npos);
  auto nothing = extract_article(page, "//article[@id='none']");
  ASSERT_FALSE(nothing.ok());
  EXPECT_NE(nothing.error().message.find("selected nothing"), std::string::npos);
}

TEST(ArticleXPathTest, APageWithoutParagraphsIsAnError) {
  EXPECT_FALSE(extract_article("<html><body><nav><a href='/'>Home</a></nav></body></html>").ok());
}

}  // namespace
}  // namespace khabar::parse
