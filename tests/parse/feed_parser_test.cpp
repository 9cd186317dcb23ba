#include "parse/feed_parser.h"

#include <gtest/gtest.h>

namespace khabar::parse {
namespace {

constexpr const char* kRss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Азаттык</title>
  <link>https://www.azattyk.org/</link>
  <language>ky</language>
  <item>
    <title>Орусияда согушка жалданган кыргызстандык &lt;b&gt;каза болду&lt;/b&gt;</title>
    <link>/a/33000001.html</link>
    <guid isPermaLink="false">  33000001  </guid>
    <pubDate>Tue, 05 Mar 2024 12:30:00 +0600</pubDate>
    <dc:creator>Азаттык</dc:creator>
    <description><![CDATA[<p>Сүрөттө: <b>тажиясы</b>&nbsp;өттү.</p><script>x()</script>]]></description>
    <content:encoded><![CDATA[<p>Толук текст</p>]]></content:encoded>
    <category>Согуш</category>
    <enclosure url="https://gdb.rferl.org/a.jpg" type="image/jpeg" length="1234"/>
  </item>
</channel>
</rss>)";

TEST(FeedParserTest, ReadsRss20Items) {
  auto parsed = parse_feed(kRss);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->feed.format, "rss20");
  EXPECT_EQ(parsed->feed.title, "Азаттык");
  EXPECT_EQ(parsed->feed.language, "ky");
  ASSERT_EQ(parsed->items.size(), 1u);
  const auto& item = parsed->items[0];
  EXPECT_EQ(item.id, "33000001");
  EXPECT_EQ(item.title, "Орусияда согушка жалданган кыргызстандык каза болду");
  EXPECT_EQ(item.link, "https://www.azattyk.org/a/33000001.html");
  EXPECT_EQ(format_rfc3339(*item.published), "2024-03-05T06:30:00Z");
  EXPECT_EQ(item.author, "Азаттык");
  EXPECT_EQ(item.summary, "Сүрөттө: тажиясы\u00A0өттү.");  // the no-break space is kept
  EXPECT_EQ(item.content, "<p>Толук текст</p>");
  EXPECT_EQ(item.categories, std::vector<std::string>{"Согуш"});
  ASSERT_EQ(item.enclosures.size(), 1u);
  EXPECT_EQ(item.enclosures[0].length, 1234);
  EXPECT_FALSE(parsed->bozo);
}

TEST(FeedParserTest, ReadsAtom10Entries) {
  auto parsed = parse_feed(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>RFE/RL</title><link href="https://www.rferl.org/"/>
  <entry><title type="html">Kyrgyz &lt;i&gt;recruits&lt;/i&gt;</title><id>tag:rferl.org,2024:1</id>
    <link rel="alternate" href="https://www.rferl.org/a/1.html"/><updated>2024-03-05T09:30:00Z</updated>
    <author><name>Reporter</name></author><summary>Lured by contracts.</summary></entry>
</feed>)");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->feed.format, "atom10");
  EXPECT_EQ(parsed->feed.language, "en");
  ASSERT_EQ(parsed->items.size(), 1u);
  EXPECT_EQ(parsed->items[0].title, "Kyrgyz recruits");
  EXPECT_EQ(parsed->items[0].id, "tag:rferl.org,2024:1");
  EXPECT_EQ(parsed->items[0].link, "https://www.rferl.org/a/1.html");
  EXPECT_EQ(parsed->items[0].author, "Reporter");
  EXPECT_EQ(format_rfc3339(*parsed->items[0].updated), "2024-03-05T09:30:00Z");
}

TEST(FeedParserTest, ItemWithoutGuidIsIdentifiedByItsLink) {
  auto parsed = parse_feed(
      "<rss version=\"2.0\"><channel><item><title>t</title><link>https://a.kg/1</link></item></channel></rss>");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->items[0].id, "https://a.kg/1");
}

TEST(FeedParserTest, DecodesDeclaredWindows1251) {
  auto parsed = parse_feed(
      "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel>"
      "<title>\xCC\xE8\xE3\xF0\xE0\xED\xF2\xFB</title></channel></rss>");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->feed.title, "Мигранты");
  EXPECT_EQ(parsed->encoding, "windows-1251");
}

TEST(FeedParserTest, RefusesWhatIsNotAFeed) {
  auto html = parse_feed("<html><body>Checking your browser</body></html>");
  ASSERT_FALSE(html.ok());
  EXPECT_NE(html.error().message.find("not a feed"), std::string::npos);
  EXPECT_FALSE(parse_feed("").ok());
}

TEST(FeedParserTest, RefusesInputOverTheSizeLimit) {
  ParseOptions options;
  options.max_bytes = 10;
  auto parsed = parse_feed("<rss version=\"2.0\"><channel/></rss>", options);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("over the limit"), std::string::npos);
}

}  // namespace
}  // namespace khabar::parse
