#include "store/url_canonical.h"

#include <gtest/gtest.h>

namespace khabar::store {
namespace {

void expect_one_canonical(std::initializer_list<const char*> urls, const char* expected) {
  for (const char* url : urls) EXPECT_EQ(canonical_url(url), expected) << url;
}

TEST(UrlCanonicalTest, SchemeWwwAndTrailingSlashVariantsMeet) {
  expect_one_canonical(
      {"https://kaktus.media/doc/490123_v_bishkeke.html", "http://kaktus.media/doc/490123_v_bishkeke.html",
       "https://www.kaktus.media/doc/490123_v_bishkeke.html", "http://WWW.Kaktus.Media/doc/490123_v_bishkeke.html/",
       "https://m.kaktus.media/doc/490123_v_bishkeke.html", "https://amp.kaktus.media/doc/490123_v_bishkeke.html"},
      "https://kaktus.media/doc/490123_v_bishkeke.html");
}

TEST(UrlCanonicalTest, TelegramShareOfA24KgArticleMeetsTheFeedLink) {
  EXPECT_EQ(canonical_url("https://24.kg/obschestvo/290101_kurs/?utm_source=telegram&utm_medium=social"),
            canonical_url("http://www.24.kg/obschestvo/290101_kurs"));
  EXPECT_EQ(canonical_url("http://www.24.kg/obschestvo/290101_kurs"), "https://24.kg/obschestvo/290101_kurs");
}

TEST(UrlCanonicalTest, DropsTrackingParametersAndSortsTheRest) {
  EXPECT_EQ(canonical_url("https://akipress.org/news.php?utm_source=fb&p=7&fbclid=IwAR0x&id=42"
                          "&utm_campaign=share&article=3"),
            "https://akipress.org/news.php?article=3&id=42&p=7");
  EXPECT_EQ(canonical_url("https://kun.uz/news?gclid=1&yclid=2&ysclid=3&from=rss&ref=tg&_ga=4"), "https://kun.uz/news");
  EXPECT_EQ(canonical_url("https://a.kg/x?at_medium=rss&at_campaign=feed&igshid=5&mc_cid=6&spm=7"), "https://a.kg/x");
}

TEST(UrlCanonicalTest, RepeatedParametersKeepTheirOrder) {
  EXPECT_EQ(canonical_url("https://a.kg/s?tag=b&q=x&tag=a"), "https://a.kg/s?q=x&tag=b&tag=a");
}

TEST(UrlCanonicalTest, DropsEmptyParametersAndAnEmptyQuery) {
  EXPECT_EQ(canonical_url("https://a.kg/x?"), "https://a.kg/x");
  EXPECT_EQ(canonical_url("https://a.kg/x?&&id=1&"), "https://a.kg/x?id=1");
}

TEST(UrlCanonicalTest, DropsTheFragment) {
  EXPECT_EQ(canonical_url("https://a.kg/news/1#comments"), "https://a.kg/news/1");
  EXPECT_EQ(canonical_url("https://a.kg/news/1?id=2#top"), "https://a.kg/news/1?id=2");
  EXPECT_EQ(canonical_url("https://a.kg#top"), "https://a.kg/");
}

TEST(UrlCanonicalTest, FoldsHostCaseButKeepsPathCase) {
  EXPECT_EQ(canonical_url("https://Gazeta.UZ/ru/2024/03/01/Flood/"), "https://gazeta.uz/ru/2024/03/01/Flood");
  EXPECT_NE(canonical_url("https://gazeta.uz/ru/Flood"), canonical_url("https://gazeta.uz/ru/flood"));
  EXPECT_EQ(canonical_url("http://www.Президент.РФ/news"), "https://президент.рф/news");
  EXPECT_EQ(canonical_url("http://[2001:DB8::1]:80/x"), "https://[2001:db8::1]/x");
}

TEST(UrlCanonicalTest, PercentEncodedCyrillicPathsMeetWhateverTheHexCase) {
  expect_one_canonical({"https://kloop.kg/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/",
                        "https://kloop.kg/%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8", "https://kloop.kg/новости/"},
                       "https://kloop.kg/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8");
}

TEST(UrlCanonicalTest, DecodesEscapedUnreservedCharactersOnly) {
  EXPECT_EQ(canonical_url("https://a.kg/%7Euser/a%2Db%2fc?q=%41%26%3d"), "https://a.kg/~user/a-b%2Fc?q=A%26%3D");
  EXPECT_EQ(canonical_url("https://a.kg/100%"), "https://a.kg/100%");
}

TEST(UrlCanonicalTest, DropsDefaultPortsAndKeepsOthers) {
  EXPECT_EQ(canonical_url("http://a.kg:80/x"), "https://a.kg/x");
  EXPECT_EQ(canonical_url("https://a.kg:443/x"), "https://a.kg/x");
  EXPECT_EQ(canonical_url("https://user:pw@a.kg:/x"), "https://a.kg/x");
  EXPECT_EQ(canonical_url("http://a.kg:8080/x"), "https://a.kg:8080/x");
}

TEST(UrlCanonicalTest, EmptyPathIsRoot) {
  EXPECT_EQ(canonical_url("http://www.azattyk.org"), "https://azattyk.org/");
  EXPECT_EQ(canonical_url("https://azattyk.org/?utm_source=x"), "https://azattyk.org/");
}

TEST(UrlCanonicalTest, AmpVariantsMeetTheArticle) {
  expect_one_canonical({"https://www.gazeta.uz/ru/2024/03/01/flood/amp/", "https://gazeta.uz/ru/2024/03/01/flood/amp",
                        "https://gazeta.uz/ru/2024/03/01/flood?amp", "https://gazeta.uz/ru/2024/03/01/flood/?amp=1",
                        "https://gazeta.uz/ru/2024/03/01/flood?output=amp", "https://gazeta.uz/ru/2024/03/01/flood"},
                       "https://gazeta.uz/ru/2024/03/01/flood");
  EXPECT_EQ(canonical_url("https://a.kg/amp"), "https://a.kg/amp");  // a page named amp
}

TEST(UrlCanonicalTest, DropsIndexFilesAndDotSegments) {
  EXPECT_EQ(canonical_url("https://a.kg/news/index.html"), "https://a.kg/news");
  EXPECT_EQ(canonical_url("https://a.kg/index.php?id=5"), "https://a.kg/?id=5");
  EXPECT_EQ(canonical_url("https://a.kg/news/./2024/../1"), "https://a.kg/news/1");
}

TEST(UrlCanonicalTest, MirrorPrefixesNeedAHostBehindThem) {
  EXPECT_EQ(canonical_url("https://www.m.kun.uz/x"), "https://kun.uz/x");
  EXPECT_EQ(canonical_url("https://m.kg/x"), "https://m.kg/x");
  EXPECT_EQ(canonical_url("https://kun.uz./x"), "https://kun.uz/x");
}

TEST(UrlCanonicalTest, NonUrlsAreReturnedTrimmed) {
  EXPECT_EQ(canonical_url("  urn:uuid:1234 "), "urn:uuid:1234");
  EXPECT_EQ(canonical_url("/relative/path?utm_source=x"), "/relative/path?utm_source=x");
  EXPECT_EQ(canonical_url("ftp://a.kg/x/"), "ftp://a.kg/x/");
  EXPECT_EQ(canonical_url(""), "");
  EXPECT_EQ(canonical_url("tag:azattyk.org,2024:33012345"), "tag:azattyk.org,2024:33012345");
}

TEST(UrlCanonicalTest, TrimsAndCanonicalizesAbsoluteUrls) {
  EXPECT_EQ(canonical_url("\thttp://www.a.kg/x/ \n"), "https://a.kg/x");
}

TEST(UrlCanonicalTest, IsIdempotent) {
  for (const char* url : {"https://24.kg/obschestvo/290101_kurs/?utm_source=telegram",
                          "https://kloop.kg/новости/?b=2&a=%7e1", "http://a.kg:8080/a/../b/index.php?amp"}) {
    const auto once = canonical_url(url);
    EXPECT_EQ(canonical_url(once), once) << url;
  }
}

TEST(TrackingParameterTest, IsCaseInsensitiveAndSparesMeaningfulParameters) {
  EXPECT_TRUE(is_tracking_parameter("UTM_Source", "x"));
  EXPECT_TRUE(is_tracking_parameter("fbclid", ""));
  EXPECT_TRUE(is_tracking_parameter("amp", "true"));
  EXPECT_FALSE(is_tracking_parameter("amp", "0"));
  EXPECT_FALSE(is_tracking_parameter("output", "json"));
  for (const char* name : {"id", "p", "article", "page", "q", "lang"}) {
    EXPECT_FALSE(is_tracking_parameter(name, "1")) << name;
  }
}

}  // namespace
}  // namespace khabar::store
