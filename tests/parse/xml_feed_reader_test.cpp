// The XML readers' handling of what feedparser's test suite checks: version
// labels, Atom payload forms, iTunes and Dublin Core fallbacks, languages.
#include <gtest/gtest.h>

#include "parse/feed_parser.h"

namespace khabar::parse {
namespace {

ParsedFeed parsed(const std::string& document) {
  auto result = parse_feed(document);
  EXPECT_TRUE(result.ok()) << result.error().message;
  return result ? *result : ParsedFeed{};
}

TEST(XmlFeedReaderTest, ReportsFeedparsersVersionLabels) {
  EXPECT_EQ(parsed("<rss version=\"0.91\"><channel/></rss>").feed.version, "rss091u");
  EXPECT_EQ(parsed("<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" "
                   "\"http://my.netscape.com/publish/formats/rss-0.91.dtd\"><rss version=\"0.91\"><channel/></rss>")
                .feed.version,
            "rss091n");
  EXPECT_EQ(parsed("<rss version=\"0.94\"><channel/></rss>").feed.version, "rss094");
  EXPECT_EQ(parsed("<rss version=\"2.01\"><channel/></rss>").feed.version, "rss20");
  EXPECT_EQ(parsed("<rss><channel/></rss>").feed.version, "rss");
  EXPECT_EQ(parsed("<rss><channel/></rss>").feed.format, "rss20");  // format keeps its values
  EXPECT_EQ(parsed("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"/>").feed.version, "atom03");
  EXPECT_EQ(parsed("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                   "xmlns:rss=\"http://purl.org/rss/1.0/\"><rss:channel/></rdf:RDF>")
                .feed.version,
            "rss10");
}

TEST(XmlFeedReaderTest, ReadsAtomBase64AndXhtmlPayloads) {
  const auto feed = parsed(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"
      "<title type=\"application/octet-stream\">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</title>"
      "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">Example <b>Atom</b></div></content>"
      "<link rel=\"alternate\">http://example.com/alternate</link></entry></feed>");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Example Atom");
  EXPECT_EQ(feed.items[0].content, "Example <b>Atom</b>");  // without the wrapping div
  EXPECT_EQ(feed.items[0].link, "http://example.com/alternate");
}

TEST(XmlFeedReaderTest, AtomPlainTextIsNotReadAsHtml) {
  const auto feed = parsed(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"text\">History of the &lt;blink&gt; tag</title>"
      "<entry><title type=\"text\">a &amp;lt; b</title></entry></feed>");
  EXPECT_EQ(feed.feed.title, "History of the <blink> tag");
  EXPECT_EQ(feed.items.at(0).title, "a &lt; b");
}

TEST(XmlFeedReaderTest, ReadsItunesAndDublinCoreFallbacks) {
  const auto feed = parsed(
      "<rss xmlns:itunes=\"http://www.itunes.com/DTDs/Podcast-1.0.dtd\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
      "<channel><itunes:summary>Podcast "
      "summary</itunes:summary><dcterms:modified>2003-12-31T10:14:55Z</dcterms:modified>"
      "<item><itunes:author>Mark</itunes:author><itunes:summary>Episode</itunes:summary>"
      "<dc:title>Dublin title</dc:title></item></channel></rss>");
  EXPECT_EQ(feed.feed.subtitle, "Podcast summary");
  EXPECT_EQ(format_rfc3339(*feed.feed.updated), "2003-12-31T10:14:55Z");
  EXPECT_EQ(feed.items.at(0).author, "Mark");
  EXPECT_EQ(feed.items.at(0).summary, "Episode");
  EXPECT_EQ(feed.items.at(0).title, "Dublin title");
}

TEST(XmlFeedReaderTest, WritesPosixLocalesAsLanguageTags) {
  EXPECT_EQ(parsed("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\" xml:lang=\"en_US\"/>").feed.language,
            "en-US");
}

TEST(XmlFeedReaderTest, InternalDtdEntitiesAreStandardXmlNotARepair) {
  const auto feed = parsed(
      "<!DOCTYPE rss [<!ENTITY id \"tag:example.com,\">]><rss version=\"2.0\"><channel><item>"
      "<guid isPermaLink=\"false\">&id;2006</guid></item></channel></rss>");
  EXPECT_EQ(feed.items.at(0).id, "tag:example.com,2006");
  EXPECT_FALSE(feed.bozo);
}

TEST(XmlFeedReaderTest, ReadsUpperCaseHexReferences) {
  EXPECT_EQ(parsed("<rss><channel><title>&#X41;&#x42;</title></channel></rss>").feed.title, "AB");
}

TEST(XmlFeedReaderTest, AnXhtmlDoctypeInFrontOfAFeedIsNotAnHtmlPage) {
  EXPECT_EQ(parsed("<?xml version=\"1.0\"?><!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
                   "\"http://site.invalid/\"><rss><channel><title>found</title></channel></rss>")
                .feed.title,
            "found");
  EXPECT_FALSE(parse_feed("<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>").ok());
}

TEST(XmlFeedReaderTest, UndeclaredNamespacePrefixesAreReported) {
  const auto feed = parsed("<rss version=\"2.0\"><channel><itunes:subtitle>Foo</itunes:subtitle></channel></rss>");
  EXPECT_TRUE(feed.bozo);
  EXPECT_EQ(feed.error, "undeclared namespace prefix \"itunes\"");
  EXPECT_EQ(feed.feed.subtitle, "Foo");  // read by its conventional prefix all the same
}

}  // namespace
}  // namespace khabar::parse
