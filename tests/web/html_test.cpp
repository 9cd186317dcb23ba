#include "web/html.h"

#include <gtest/gtest.h>

namespace khabar::web {
namespace {

TEST(HtmlTest, TextAndAttributeValuesAreEscaped) {
  Html html;
  html.open("p", {{"title", "\"><script>x</script>"}}).text("<script>alert('x') & co</script>");
  EXPECT_EQ(html.take().str(),
            "<p title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">&lt;script&gt;alert(&#39;x&#39;) &amp; "
            "co&lt;/script&gt;</p>");
}

TEST(HtmlTest, UrlsMustBeWebOrLocal) {
  EXPECT_EQ(safe_url("javascript:alert(1)"), "#");
  EXPECT_EQ(safe_url("data:text/html,x"), "#");
  EXPECT_EQ(safe_url("//evil.example/"), "#");
  EXPECT_EQ(safe_url("https://rus.azattyk.org/a/1.html"), "https://rus.azattyk.org/a/1.html");
  EXPECT_EQ(safe_url("/item/5"), "/item/5");
  Html html;
  html.element("a", "x", {{"href", " javascript:alert(1)"}});
  EXPECT_EQ(html.take().str(), "<a href=\"#\">x</a>");
}

TEST(HtmlTest, TakeClosesWhatIsOpenAndVoidElementsHaveNoEnd) {
  Html html;
  html.open("main").open("form").empty("input", {{"name", "q"}});
  EXPECT_EQ(html.take().str(), "<main><form><input name=\"q\"></form></main>");
}

TEST(HtmlTest, MarkupAndFragmentsGoInAsWritten) {
  Html inner;
  inner.element("b", "1 < 2");
  Html outer;
  outer.raw("<!DOCTYPE html>").append(inner.take());
  EXPECT_EQ(outer.take().str(), "<!DOCTYPE html><b>1 &lt; 2</b>");
}

}  // namespace
}  // namespace khabar::web
