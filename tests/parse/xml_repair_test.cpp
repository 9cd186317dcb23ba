#include "parse/xml_repair.h"

#include <gtest/gtest.h>

namespace khabar::parse {
namespace {

RepairedXml repaired(std::string_view xml) {
  auto result = repair_xml(xml);
  EXPECT_TRUE(result.ok()) << result.error().message;
  return result.ok() ? *result : RepairedXml{};
}

TEST(XmlRepairTest, LeavesWellFormedXmlAlone) {
  const auto r = repaired("<rss><title a=\"1 &amp; 2\">AT&amp;T &#1082; <![CDATA[<b>]]></title></rss>");
  EXPECT_EQ(r.xml, "<rss><title a=\"1 &amp; 2\">AT&amp;T &#1082; <![CDATA[<b>]]></title></rss>");
  EXPECT_TRUE(r.problems.empty());
}

TEST(XmlRepairTest, DecodesHtmlEntitiesAndEscapesBareAmpersands) {
  const auto r = repaired("<t>&laquo;Q&A&raquo;&nbsp;x</t>");
  EXPECT_EQ(r.xml, "<t>«Q&amp;A»\u00A0x</t>");
  EXPECT_EQ(r.problems.size(), 4u);  // three entities and one bare '&'
}

TEST(XmlRepairTest, ClosesWhatWasLeftOpen) {
  EXPECT_EQ(repaired("<rss><item><d>text</item></rss>").xml, "<rss><item><d>text</d></item></rss>");
  EXPECT_EQ(repaired("<rss><item><title>Cut off</title><desc>half a sen").xml,
            "<rss><item><title>Cut off</title><desc>half a sen</desc></item></rss>");
  EXPECT_EQ(repaired("<rss><item><title>x</title><li").xml, "<rss><item><title>x</title></item></rss>");
}

TEST(XmlRepairTest, DropsStrayClosingTagsAndIllegalCharacters) {
  const auto r = repaired("<rss>a\x01</p>b\x1f</rss>");
  EXPECT_EQ(r.xml, "<rss>ab</rss>");
  EXPECT_EQ(r.problems.size(), 2u);
}

TEST(XmlRepairTest, ExpandsSmallInternalEntitiesButNeverExternalOnes) {
  const auto r = repaired(
      "<!DOCTYPE rss [<!ENTITY org \"Азаттык\"><!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><rss>&org;&xxe;</rss>");
  EXPECT_EQ(r.xml, "<rss>Азаттык</rss>");
}

TEST(XmlRepairTest, RefusesEntityExpansionBombs) {
  std::string bomb = "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">";
  std::string previous = "a";
  for (const char* name : {"b", "c", "d", "e", "f", "g"}) {
    bomb += std::string("<!ENTITY ") + name + " \"";
    for (int i = 0; i < 10; ++i) bomb += "&" + previous + ";";
    bomb += "\">";
    previous = name;
  }
  bomb += "]><r>&g;</r>";
  auto result = repair_xml(bomb);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("entity expansion over the limit"), std::string::npos);
}

TEST(XmlRepairTest, RefusesAbsurdNesting) {
  std::string deep;
  for (int i = 0; i < 600; ++i) deep += "<a>";
  auto result = repair_xml(deep);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("nested"), std::string::npos);
}

}  // namespace
}  // namespace khabar::parse
