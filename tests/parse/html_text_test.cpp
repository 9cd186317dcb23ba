#include "parse/html_text.h"

#include <gtest/gtest.h>

namespace khabar::parse {
namespace {

TEST(HtmlTextTest, DropsMarkupScriptsAndStyles) {
  EXPECT_EQ(html_to_text("<p>Сүрөттө: <b>тажиясы</b></p><script>alert(1)</script><style>p{}</style><p>өттү</p>"),
            "Сүрөттө: тажиясы өттү");
}

TEST(HtmlTextTest, DecodesEntitiesAndFoldsWhitespace) {
  EXPECT_EQ(html_to_text("&laquo;Груз&nbsp;200&raquo;\n\t &amp;amp; &#1082;"), "«Груз\u00A0200» &amp; к");
}

TEST(HtmlTextTest, KeepsALessThanSignThatIsNotATag) {
  EXPECT_EQ(html_to_text("рост &lt;5% за год"), "рост <5% за год");
}

// The document's own spaces are kept: folding them is matching's job.
TEST(HtmlTextTest, FoldsAsciiWhitespaceAndKeepsUnicodeSpaces) {
  EXPECT_EQ(fold_whitespace(" \t a \r\n b \n"), "a b");
  EXPECT_EQ(fold_whitespace("\u00A0a\u2009b\u3000\u202F"), "\u00A0a\u2009b\u3000\u202F");
  EXPECT_EQ(html_to_text("x&nbsp;&ensp;&emsp;&thinsp;y"), "x\u00A0\u2002\u2003\u2009y");
}

// The fast tokenizer must give exactly what the HTML5 parser gives.
TEST(HtmlTextTest, FastPathAgreesWithGumbo) {
  const char* fragments[] = {
      "<p>Один</p><p>Два <a href=\"/a?x=1&amp;y=2\" title='a>b'>ссылка</a></p>",
      "line<br>break<br/>again<hr>end",
      "<ul><li>first</li><li>second<ol><li>nested</li></ol></li></ul>",
      "<h2>Title</h2>text<img src=\"x.jpg\" alt=\"photo\">after",
      "<div><span>in</span>line</div><blockquote>quote</blockquote>",
      "A&nbsp;&mdash;&nbsp;B &hellip; &#171;C&#187; &quot;D&quot; &apos;E&apos;",
      "<P>Upper <B>case</B> tags</P>",
      "<strong>bold</strong><em>em</em><i>i</i><u>u</u><sub>2</sub><sup>3</sup>",
      "<figure><img src=a><figcaption>Caption</figcaption></figure>",
      "<dl><dt>term</dt><dd>definition</dd></dl>",
      "unknown <custom>tag</custom> and <table><tr><td>cell</td></tr></table>",
      "broken &amp entity and & bare",
      "<!-- comment -->text<![CDATA[x]]>",
      "<p>unclosed <b>bold",
      "<a href=\"x\">link</a>text\r\nwith CRLF",
      "&#0; &#x41; &#128; &bogus; &",
  };
  for (const char* fragment : fragments) {
    EXPECT_EQ(html_to_text(fragment), html_to_text_with_gumbo(fragment)) << fragment;
  }
}

}  // namespace
}  // namespace khabar::parse
