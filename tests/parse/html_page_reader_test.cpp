#include "parse/html_page_reader.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "parse/feed_parser.h"
#include "parse/html_dom.h"
#include "support/test_data.h"

namespace khabar::parse {
namespace {

using testing::read_test_data;

HtmlSelectors news_list_selectors() {
  HtmlSelectors s;
  s.item = "//ul[@id='news-list']/li[" + has_class("news-item") + " and not(" + has_class("news-item--promo") + ")]";
  s.title = ".//a[" + has_class("news-item__title") + "]";
  s.link = ".//a[" + has_class("news-item__title") + "]/@href";
  s.date = ".//*[" + has_class("news-item__date") + "]";
  s.summary = ".//p[" + has_class("news-item__lead") + "]";
  s.author = ".//*[" + has_class("news-item__author") + "]/a";
  s.utc_offset = "+05:00";
  return s;
}

Result<ParsedFeed> parse_news_list(const HtmlSelectors& selectors) {
  ParseOptions options;
  options.url = "https://informburo.kz/novosti";
  options.kind = SourceKind::kHtml;
  options.selectors = selectors;
  return parse_feed(read_test_data("html/news_list.html"), options);
}

std::optional<std::string> text_or_null(const nlohmann::json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<std::string>();
}

TEST(HtmlPageReaderTest, ReadsTheNewsListWithItsSelectors) {
  auto parsed = parse_news_list(news_list_selectors());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  auto expected = nlohmann::json::parse(read_test_data("html/expected_news_list.json"));
  if (expected.is_object()) expected = expected["items"];
  ASSERT_EQ(parsed->items.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto& item = parsed->items[i];
    const auto& want = expected[i];
    EXPECT_EQ(item.title, text_or_null(want["title"])) << i;
    EXPECT_EQ(item.link, text_or_null(want["link"])) << i;
    EXPECT_EQ(item.id, item.link);
    EXPECT_EQ(format_rfc3339(*item.published), want["date"].get<std::string>()) << i;
    EXPECT_EQ(item.summary, text_or_null(want["summary"])) << i;
    EXPECT_EQ(item.author, text_or_null(want["author"])) << i;
  }
  EXPECT_EQ(parsed->feed.format, "html");
}

TEST(HtmlPageReaderTest, AMissingTitleSelectorFallsBackToTheLinkText) {
  auto selectors = news_list_selectors();
  selectors.title.clear();
  selectors.link = ".//a[" + has_class("news-item__title") + "]";
  auto parsed = parse_news_list(selectors);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_FALSE(parsed->items.empty());
  EXPECT_TRUE(parsed->items[0].title);
  EXPECT_EQ(parsed->items[0].link->rfind("https://informburo.kz/novosti/", 0), 0u);
}

TEST(HtmlPageReaderTest, AnItemSelectorThatFindsNothingIsAnErrorNamingIt) {
  auto selectors = news_list_selectors();
  selectors.item = "//article[@class='gone']";
  auto parsed = parse_news_list(selectors);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "xpath_item \"//article[@class='gone']\" selected nothing on the page");
}

TEST(HtmlPageReaderTest, AnExpressionThatDoesNotCompileIsNamedWithItsKey) {
  auto selectors = news_list_selectors();
  selectors.summary = ".//p[";
  auto parsed = parse_news_list(selectors);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message.rfind("xpath_summary \".//p[\"", 0), 0u) << parsed.error().message;
}

TEST(XPathErrorTest, AcceptsNodeQueriesAndRejectsTheRest) {
  EXPECT_FALSE(xpath_error("//div[@class='x']/a/@href"));
  EXPECT_TRUE(xpath_error("//div["));
  EXPECT_TRUE(xpath_error("count(//div)"));
}

TEST(HtmlDomTest, DropsScriptsAndKeepsBrokenMarkupReadable) {
  auto page = parse_html("<p>one<b>two<p>three<script>alert(1)</script>");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(node_text((*page)->select_node("//body")), "onetwothree");
  EXPECT_EQ((*page)->select_nodes("//p").size(), 2u);
}

TEST(HtmlDomTest, FlattensElementsBeyondTheDepthLimit) {
  std::string html;
  for (int i = 0; i < 1000; ++i) html += "<span>";
  html += "deep";
  HtmlLimits limits;
  limits.max_depth = 50;
  auto page = parse_html(html, limits);
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_LE((*page)->select_nodes("//span").size(), 50u);
  EXPECT_EQ(node_text((*page)->select_node("//body")), "deep");
}

}  // namespace
}  // namespace khabar::parse
