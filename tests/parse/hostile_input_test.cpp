// Hostile documents: each is held to its bound by construction (a cap checked
// before the expensive step, an algorithm that is linear), not by measuring
// time or memory. The sizes are large enough that the old quadratic or
// unbounded behaviour would not finish in the unit suite.
#include <gtest/gtest.h>

#include <string>

#include "parse/feed_json.h"
#include "parse/feed_parser.h"
#include "parse/html_text.h"
#include "parse/xml_repair.h"
#include "util/json_text.h"

namespace khabar::parse {
namespace {

std::string rss_with_description(const std::string& description) {
  return "<rss version=\"2.0\"><channel><title>t</title><item><title>Deep</title><description><![CDATA[" + description +
         "]]></description></item></channel></rss>";
}

// `count` nested <font> elements (not on the fast path: gumbo's side).
std::string nested(std::size_t count, const std::string& text) {
  std::string html;
  for (std::size_t i = 0; i < count; ++i) html += "<font>";
  html += text;
  for (std::size_t i = 0; i < count; ++i) html += "</font>";
  return html;
}

TEST(HostileInputTest, TwentyThousandNestedElementsAreStrippedNotGivenToGumbo) {
  const auto html = nested(20000, "глубоко");  // about 180 KB, as reported (3 GB in gumbo)
  ASSERT_GT(html.size(), 170000u);
  bool stripped = false;
  EXPECT_EQ(html_to_text(html, &stripped), "глубоко");
  EXPECT_TRUE(stripped);
  auto parsed = parse_feed(rss_with_description(html));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->items.at(0).summary, "глубоко");
  EXPECT_TRUE(parsed->bozo);
  EXPECT_NE(parsed->error->find("tags stripped"), std::string::npos) << *parsed->error;
}

TEST(HostileInputTest, NineHundredKilobytesOfNestingDegradeTheSameWay) {
  const auto html = nested(100000, "x");  // about 900 KB (24 GB in gumbo)
  ASSERT_GT(html.size(), 850000u);
  bool stripped = false;
  EXPECT_EQ(html_to_text_with_gumbo(html, &stripped), "x");
  EXPECT_TRUE(stripped);
}

TEST(HostileInputTest, ShallowHtmlStillGoesToGumbo) {
  bool stripped = false;
  EXPECT_EQ(html_to_text("<table><tr><td>a</td><td>b</td></tr></table>", &stripped), "a b");
  EXPECT_FALSE(stripped);
}

TEST(HostileInputTest, StrippingDropsScriptsAndDecodesReferences) {
  bool stripped = false;
  const auto html = nested(300, "<script>alert(1)</script>&laquo;текст&raquo; &bogus");
  EXPECT_EQ(html_to_text(html, &stripped), "«текст» &bogus");
  EXPECT_TRUE(stripped);
}

TEST(HostileInputTest, DistinctUnknownEntitiesAreLinearAndReportedOnce) {
  std::string title;
  for (int i = 0; i < 160000; ++i) title += "&e" + std::to_string(i) + ";";
  auto parsed = parse_feed("<rss version=\"2.0\"><channel><title>" + title + "</title></channel></rss>");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_TRUE(parsed->bozo);
  EXPECT_EQ(parsed->error->rfind("unknown entities kept as text", 0), 0u) << *parsed->error;  // once, first
  EXPECT_EQ(parsed->feed.title->substr(0, 9), "&e0;&e1;&");
}

TEST(HostileInputTest, RepairProblemsAreCapped) {
  std::string xml = "<rss><channel>";
  for (int i = 0; i < 5000; ++i) xml += "</stray" + std::to_string(i) + ">";  // a distinct problem each
  xml += "</channel></rss>";
  auto repaired = repair_xml(xml);
  ASSERT_TRUE(repaired.ok());
  EXPECT_EQ(repaired->problems.size(), RepairLimits{}.max_problems + 1);
  EXPECT_EQ(repaired->problems.back(), "more problems not listed");
}

TEST(HostileInputTest, ManyAmpersandsWithoutSemicolonsAreLinear) {
  std::string html;
  for (int i = 0; i < 200000; ++i) html += "&a ";
  EXPECT_EQ(html_to_text(html).substr(0, 6), "&a &a ");
}

constexpr const char* kCyrillic = "Президент подписал закон о мобилизации";

std::string one_item(const std::string& title, const std::string& summary, const std::string& attribute) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Новости</title><item>"
         "<title>" +
         title + "</title><description>" + summary + "</description><category domain=\"" + attribute +
         "\">Общество</category></item></channel></rss>";
}

void expect_one_replacement(const std::string& document) {
  auto parsed = parse_feed(document);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->encoding, "utf-8");
  EXPECT_EQ(parsed->feed.title, "Новости");
  EXPECT_TRUE(parsed->bozo);
  EXPECT_NE(parsed->error->find("1 ill-formed utf-8 sequence replaced with U+FFFD"), std::string::npos)
      << *parsed->error;
  EXPECT_EQ(parsed->items.at(0).categories, std::vector<std::string>{"Общество"});
}

TEST(HostileInputTest, StrayByteInUtf8CyrillicTitleBecomesOneReplacementCharacter) {
  expect_one_replacement(
      one_item("Прези\xFF"
               "дент",
               kCyrillic, "x"));
  EXPECT_EQ(parse_feed(one_item("Прези\xFF"
                                "дент",
                                kCyrillic, "x"))
                ->items[0]
                .title,
            "Прези\uFFFDдент");
}

TEST(HostileInputTest, CharacterCutAtTheEndOfASummaryBecomesOneReplacementCharacter) {
  const std::string cut = std::string(kCyrillic) + "\xD0";  // the first byte of a two-byte letter
  expect_one_replacement(one_item("Заголовок", cut, "x"));
  EXPECT_EQ(parse_feed(one_item("Заголовок", cut, "x"))->items[0].summary, std::string(kCyrillic) + "\uFFFD");
}

TEST(HostileInputTest, BadByteInAnAttributeLeavesTheTextAlone) {
  expect_one_replacement(one_item("Заголовок", kCyrillic, "\xC3("));
  EXPECT_EQ(parse_feed(one_item("Заголовок", kCyrillic, "\xC3("))->items[0].summary, kCyrillic);
}

TEST(HostileInputTest, NonAsciiRssVersionIsReportedAndPrintable) {
  for (const std::string version : {"0.\xD1\x91\xD1", "2.\xFF", "ё"}) {
    auto parsed = parse_feed("<rss version=\"" + version + "\"><channel><title>t</title></channel></rss>");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->feed.format, "rss20");
    EXPECT_EQ(parsed->feed.version, version.rfind("2.", 0) == 0 ? "rss20" : "rss");
    EXPECT_NO_THROW((void)json_text(to_json(*parsed), 2));
  }
}

}  // namespace
}  // namespace khabar::parse
