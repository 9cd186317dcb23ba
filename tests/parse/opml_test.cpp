#include "parse/opml.h"

#include <gtest/gtest.h>

#include <fstream>
#include <ostream>
#include <sstream>

namespace khabar::parse {

// Readable failure messages for feed comparisons.
void PrintTo(const OpmlFeed& feed, std::ostream* out) {
  *out << "{url=" << feed.url << " title=" << feed.title << " site=" << feed.site.value_or("-")
       << " language=" << feed.language.value_or("-") << " categories=[";
  for (const auto& category : feed.categories) *out << category << ";";
  *out << "]}";
}

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(KHABAR_TEST_DATA) + "/opml/" + name, std::ios::binary);
  EXPECT_TRUE(in) << "missing fixture " << name;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

OpmlDocument parsed(std::string_view bytes) {
  auto result = parse_opml(bytes);
  EXPECT_TRUE(result.ok()) << result.error().message;
  return result.ok() ? *result : OpmlDocument{};
}

OpmlDocument parsed_fixture(const std::string& name) { return parsed(fixture(name)); }

std::string error_of(std::string_view bytes) {
  auto result = parse_opml(bytes);
  EXPECT_FALSE(result.ok());
  if (result.ok()) return {};
  EXPECT_EQ(result.error().kind, ErrorKind::kInvalidInput);
  return result.error().message;
}

std::string nested(int depth, const std::string& innermost) {
  std::string body = innermost;
  for (int i = depth - 1; i >= 1; --i) {
    body = "<outline text=\"L" + std::to_string(i) + "\">" + body + "</outline>";
  }
  return "<opml version=\"2.0\"><body>" + body + "</body></opml>";
}

// --- Reading ---

TEST(OpmlTest, ReadsEveryFeedOfAReaderExportWithNestedFolders) {
  const auto doc = parsed_fixture("reader_export.opml");
  EXPECT_EQ(doc.title, "Лента Центральной Азии");
  const std::vector<OpmlFeed> expected{
      {"https://www.azattyk.org/api/", "Азаттык", "https://www.azattyk.org/", "ky", {"Новости", "Кыргызстан"}},
      {"https://rus.azattyk.org/api/", "Азаттык (орусча)", "https://rus.azattyk.org/", "ru", {"Новости", "Кыргызстан"}},
      {"https://kaktus.media/?rss&lang=ru",
       "Kaktus.media — новости",
       "https://kaktus.media/",
       std::nullopt,
       {"Новости", "Кыргызстан"}},
      {"https://kun.uz/news/rss",
       "Kun.uz — Oʻzbekiston yangiliklari",
       "https://kun.uz/",
       "uz",
       {"Новости", "Oʻzbekiston"}},
      {"https://www.gazeta.uz/oz/rss/",
       "Gazeta.uz (oʻzbekcha)",
       std::nullopt,
       std::nullopt,
       {"Новости", "Oʻzbekiston", "Yangiliklar", "Siyosat", "Iqtisodiyot"}},
      {"https://kloop.kg/feed/", "Kloop", "https://kloop.kg/", std::nullopt, {"Мигранттар"}},
      {"https://feeds.bbci.co.uk/kyrgyz/rss.xml", "BBC News Кыргыз", "https://www.bbc.com/kyrgyz", std::nullopt, {}},
  };
  EXPECT_EQ(doc.feeds, expected);
  EXPECT_TRUE(doc.skipped.empty()) << doc.skipped.front();
}

TEST(OpmlTest, TextAttributeNamesAFeedBeforeItsTitle) {
  const auto doc = parsed_fixture("reader_export.opml");
  ASSERT_FALSE(doc.feeds.empty());
  EXPECT_EQ(doc.feeds[0].title, "Азаттык");  // title="Азаттык үналгысы"
}

TEST(OpmlTest, CategoryAttributeIsSplitOnCommasAndSlashesAfterTheFolders) {
  const auto doc = parsed(
      "<opml><body><outline text=\"Migratsiya\"><outline xmlUrl=\"https://migrant.uz/feed/\" "
      "category=\"/Migratsiya/Rossiya, Mehnat ,,/\"/></outline></body></opml>");
  ASSERT_EQ(doc.feeds.size(), 1u);
  EXPECT_EQ(doc.feeds[0].categories, (std::vector<std::string>{"Migratsiya", "Rossiya", "Mehnat"}));
}

TEST(OpmlTest, ReadsOpml10WithTitleOnlyAndLowerCaseAttributeNames) {
  const auto doc = parsed_fixture("opml1.opml");
  EXPECT_EQ(doc.title, "Менин жазылууларым");
  const std::vector<OpmlFeed> expected{
      {"https://24.kg/rss/", "24.kg — жаңылыктар", "https://24.kg/", std::nullopt, {}},
      {"https://eurasianet.org/rss.xml", "Eurasianet", "https://eurasianet.org/", std::nullopt, {}},
      {"https://fergana.agency/rss/", "Фергана", "https://fergana.agency/", std::nullopt, {}},
  };
  EXPECT_EQ(doc.feeds, expected);
  EXPECT_TRUE(doc.skipped.empty());
}

TEST(OpmlTest, DecodesAWindows1251Document) {
  const auto bytes = fixture("windows1251.opml");
  ASSERT_EQ(bytes.find("Медиазона"), std::string::npos) << "the fixture must not be UTF-8";
  const auto doc = parsed(bytes);
  EXPECT_EQ(doc.title, "Подписки на ленты");
  ASSERT_EQ(doc.feeds.size(), 2u);
  EXPECT_EQ(doc.feeds[0].title, "Медиазона");
  EXPECT_EQ(doc.feeds[0].categories, std::vector<std::string>{"Русскоязычные СМИ"});
  EXPECT_EQ(doc.feeds[1].title, "Новая газета Европа");
  EXPECT_EQ(doc.feeds[1].url, "https://novayagazeta.eu/feed/rss");
}

TEST(OpmlTest, DecodesUtf16WithAByteOrderMark) {
  const std::u16string text =
      u"<opml><body><outline text=\"Озодлик\" "
      u"xmlUrl=\"https://www.ozodlik.org/api/\"/></body></opml>";
  std::string bytes = "\xFF\xFE";
  for (const char16_t unit : text) {
    bytes += static_cast<char>(unit & 0xFF);
    bytes += static_cast<char>(unit >> 8);
  }
  const auto doc = parsed(bytes);
  ASSERT_EQ(doc.feeds.size(), 1u);
  EXPECT_EQ(doc.feeds[0].title, "Озодлик");
}

TEST(OpmlTest, SkipsUnusableEntriesWithTheirLineAndReason) {
  const auto doc = parsed_fixture("bad_entries.opml");
  ASSERT_EQ(doc.feeds.size(), 1u);
  EXPECT_EQ(doc.feeds[0].url, "https://kabar.kg/rss");
  const std::vector<std::string> expected{
      "line 6: \"24.kg (салыштырмалуу шилтеме)\": xmlUrl \"/rss/all\" is not an absolute http(s) "
      "URL",
      "line 7: \"Ozodlik\": xmlUrl \"feed://www.ozodlik.org/api/\" is not an absolute http(s) URL",
      "line 8: \"AKIpress\": no xmlUrl",
      "line 9: \"Sputnik Кыргызстан\": no xmlUrl",
      "line 10: \"Kloop сайты\": type \"link\" is not a feed",
      "line 11: \"ftp://example.kg/feed.xml\": xmlUrl \"ftp://example.kg/feed.xml\" is not an "
      "absolute http(s) URL",
  };
  EXPECT_EQ(doc.skipped, expected);
}

TEST(OpmlTest, RelativeHtmlUrlIsDroppedButTheFeedKept) {
  const auto doc = parsed_fixture("bad_entries.opml");
  ASSERT_EQ(doc.feeds.size(), 1u);
  EXPECT_EQ(doc.feeds[0].site, std::nullopt);
}

TEST(OpmlTest, KeepsTheFirstOfDuplicateUrlsAndSaysWhereItIs) {
  const auto doc = parsed_fixture("duplicates.opml");
  ASSERT_EQ(doc.feeds.size(), 4u);
  EXPECT_EQ(doc.feeds[0].title, "Daryo");
  EXPECT_EQ(doc.feeds[0].categories, std::vector<std::string>{"Oʻzbekiston"});
  EXPECT_EQ(doc.feeds[1].url, "https://www.ozodlik.org/api/");
  EXPECT_EQ(doc.feeds[2].url, "http://www.ozodlik.org/api/");  // another scheme: another feed
  EXPECT_EQ(doc.feeds[3].url, "https://daryo.uz/FEED/");       // paths are case-sensitive
  const std::vector<std::string> expected{
      "line 10: \"Daryo (migratsiya)\": the same URL as the feed at line 6",
      "line 11: \"Ozodlik\": the same URL as the feed at line 7",
  };
  EXPECT_EQ(doc.skipped, expected);
}

TEST(OpmlTest, AcceptsFoldersNestedThirtyTwoDeepAndSkipsDeeperOnes) {
  const std::string feed = "<outline text=\"Kloop\" xmlUrl=\"https://kloop.kg/feed/\"/>";
  const auto deepest = parsed(nested(kMaxOpmlDepth, feed));
  ASSERT_EQ(deepest.feeds.size(), 1u);
  EXPECT_EQ(deepest.feeds[0].categories.size(), 31u);
  const auto too_deep = parsed(nested(kMaxOpmlDepth + 1, feed));
  EXPECT_TRUE(too_deep.feeds.empty());
  ASSERT_EQ(too_deep.skipped.size(), 1u);
  EXPECT_NE(too_deep.skipped[0].find("nested deeper than 32 levels"), std::string::npos) << too_deep.skipped[0];
}

TEST(OpmlTest, DocumentWithoutBodyHasNoFeeds) {
  const auto doc = parsed("<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>Бош</title></head></opml>");
  EXPECT_EQ(doc.title, "Бош");
  EXPECT_TRUE(doc.feeds.empty());
}

// --- Refusing ---

TEST(OpmlTest, RefusesAnHtmlPageSayingSo) {
  EXPECT_EQ(error_of(fixture("login_page.html")), "not OPML: the document is an HTML page");
}

TEST(OpmlTest, RefusesXmlWhoseRootIsNotOpml) {
  EXPECT_EQ(error_of("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>"),
            "not OPML: the root element is <rss>");
}

TEST(OpmlTest, ToleratesABareAmpersandInAUrl) {
  const auto doc = parsed(
      "<opml><body><outline text=\"Kaktus\" "
      "xmlUrl=\"https://kaktus.media/?rss&lang=ru\"/></body></opml>");
  ASSERT_EQ(doc.feeds.size(), 1u);
  EXPECT_EQ(doc.feeds[0].url, "https://kaktus.media/?rss&lang=ru");
}

TEST(OpmlTest, RefusesMalformedXmlGivingLineAndColumn) {
  EXPECT_EQ(error_of("<opml>\n<body>\n  <outline text=\"a\" xmlUrl=\"https://a.kg/\">\n</body></opml>"),
            "not OPML: not well-formed XML at line 4, column 3: Start-end tags mismatch");
}

TEST(OpmlTest, RefusesTextThatIsNotXml) {
  EXPECT_EQ(error_of("https://kloop.kg/feed/\nhttps://24.kg/rss/\n").rfind("not OPML: not well-formed XML", 0), 0u);
}

TEST(OpmlTest, RefusesEmptyInput) { EXPECT_EQ(error_of(""), "not OPML: empty document"); }

// --- Writing ---

TEST(OpmlWriteTest, WritesIndentedOpml20WithoutADateByDefault) {
  const std::vector<OpmlFeed> feeds{
      {"https://24.kg/rss/", "24.kg", "https://24.kg/", "ru", {"Кыргызстан"}},
      {"https://kun.uz/news/rss", "Kun.uz", std::nullopt, std::nullopt, {}},
  };
  EXPECT_EQ(write_opml("Khabar", feeds),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<opml version=\"2.0\">\n"
            "  <head>\n"
            "    <title>Khabar</title>\n"
            "  </head>\n"
            "  <body>\n"
            "    <outline text=\"Кыргызстан\" title=\"Кыргызстан\">\n"
            "      <outline type=\"rss\" text=\"24.kg\" title=\"24.kg\" xmlUrl=\"https://24.kg/rss/\" "
            "htmlUrl=\"https://24.kg/\" language=\"ru\" />\n"
            "    </outline>\n"
            "    <outline type=\"rss\" text=\"Kun.uz\" title=\"Kun.uz\" "
            "xmlUrl=\"https://kun.uz/news/rss\" />\n"
            "  </body>\n"
            "</opml>\n");
}

TEST(OpmlWriteTest, WritesDateCreatedOnlyWhenGiven) {
  EXPECT_EQ(write_opml("t", {}).find("dateCreated"), std::string::npos);
  EXPECT_NE(write_opml("t", {}, "Tue, 05 Mar 2024 06:30:00 GMT")
                .find("<dateCreated>Tue, 05 Mar 2024 06:30:00 GMT</dateCreated>"),
            std::string::npos);
}

// '>' needs no escape inside a quoted attribute (XML 1.0, section 2.4); pugixml leaves it.
TEST(OpmlWriteTest, EscapesMarkupCharactersInTitlesAndUrls) {
  const auto xml = write_opml("A & B <list>", {{"https://a.kg/rss?x=1&y=\"2\"", "\"Q&A\" <b>", {}, {}, {}}});
  EXPECT_NE(xml.find("<title>A &amp; B &lt;list&gt;</title>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("text=\"&quot;Q&amp;A&quot; &lt;b>\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("xmlUrl=\"https://a.kg/rss?x=1&amp;y=&quot;2&quot;\""), std::string::npos) << xml;
}

TEST(OpmlWriteTest, GroupsFeedsByFirstCategoryWhereTheFirstOneAppears) {
  const std::vector<OpmlFeed> feeds{
      {"https://a.kg/1", "a", {}, {}, {"KG", "Migration"}},
      {"https://b.kg/1", "b", {}, {}, {}},
      {"https://c.kg/1", "c", {}, {}, {"KG"}},
  };
  const auto xml = write_opml("t", feeds);
  const auto folder = xml.find("<outline text=\"KG\"");
  ASSERT_NE(folder, std::string::npos) << xml;
  EXPECT_LT(folder, xml.find("https://a.kg/1"));
  EXPECT_LT(xml.find("https://c.kg/1"), xml.find("https://b.kg/1"));
  EXPECT_NE(xml.find("category=\"Migration\""), std::string::npos) << xml;
  EXPECT_EQ(xml.find("<outline text=\"KG\"", folder + 1), std::string::npos) << "one folder per category";
}

TEST(OpmlWriteTest, DropsCharactersXmlCannotCarry) {
  const auto xml = write_opml("t\x01", {{"https://a.kg/rss",
                                         "a\x02"
                                         "b",
                                         {},
                                         {},
                                         {}}});
  EXPECT_NE(xml.find("<title>t</title>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("text=\"ab\""), std::string::npos) << xml;
  EXPECT_TRUE(parse_opml(xml).ok());
}

// --- Round trips ---

TEST(OpmlRoundTripTest, WrittenFeedsParseBackUnchanged) {
  const std::vector<OpmlFeed> feeds{
      {"https://kaktus.media/?rss&lang=ru",
       "Kaktus & \"Ко\" <новости>",
       "https://kaktus.media/",
       "ru",
       {"Кыргызстан", "Экономика", "Миграция"}},
      {"https://www.ozodlik.org/api/", "Ozodlik — Oʻzbekiston", std::nullopt, "uz", {"Oʻzbekiston"}},
      {"https://www.gazeta.uz/oz/rss/", "Gazeta.uz", "https://www.gazeta.uz/", std::nullopt, {"Oʻzbekiston"}},
      {"https://feeds.bbci.co.uk/kyrgyz/rss.xml", "BBC Кыргыз", std::nullopt, "ky", {}},
  };
  const auto doc = parsed(write_opml("Khabar: Борбордук Азия", feeds));
  EXPECT_EQ(doc.title, "Khabar: Борбордук Азия");
  EXPECT_EQ(doc.feeds, feeds);
  EXPECT_TRUE(doc.skipped.empty());
}

TEST(OpmlRoundTripTest, AReaderExportSurvivesWritingAndReading) {
  const auto original = parsed_fixture("reader_export.opml");
  const auto again = parsed(write_opml(original.title, original.feeds));
  EXPECT_EQ(again.title, original.title);
  EXPECT_EQ(again.feeds, original.feeds);
}

}  // namespace
}  // namespace khabar::parse
