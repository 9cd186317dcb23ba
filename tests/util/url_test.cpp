#include "util/url.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

TEST(UrlTest, AcceptsOnlyAbsoluteHttpUrls) {
  EXPECT_TRUE(is_http_url("https://24.kg/rss/"));
  EXPECT_TRUE(is_http_url("http://127.0.0.1:8080/feed.xml"));
  EXPECT_FALSE(is_http_url("ftp://24.kg/rss"));
  EXPECT_FALSE(is_http_url("/rss"));
  EXPECT_FALSE(is_http_url("https://"));
  EXPECT_FALSE(is_http_url("https://a b.kg/"));
}

TEST(UrlTest, HostIsLowerCasedWithoutPortOrUser) {
  EXPECT_EQ(url_host("https://user@Rus.Azattyk.ORG:443/api/"), "rus.azattyk.org");
  EXPECT_EQ(url_host("http://[::1]:8080/x"), "[::1]");
}

TEST(UrlTest, ResolvesRelativeReferences) {
  EXPECT_EQ(resolve_url("https://kloop.kg/", "/2024/03/05/story/"), "https://kloop.kg/2024/03/05/story/");
  EXPECT_EQ(resolve_url("https://kloop.kg/feed/", "media/a.mp3"), "https://kloop.kg/feed/media/a.mp3");
  EXPECT_EQ(resolve_url("https://kloop.kg/a/b/c", "../d?x=1"), "https://kloop.kg/a/d?x=1");
  EXPECT_EQ(resolve_url("https://kloop.kg/a", "//cdn.kloop.kg/x.jpg"), "https://cdn.kloop.kg/x.jpg");
  EXPECT_EQ(resolve_url("https://kloop.kg/a", "https://other.kg/"), "https://other.kg/");
  EXPECT_EQ(resolve_url("", "/relative"), "/relative");
}

TEST(MaskCredentialsTest, HidesPasswordsAndTokensButKeepsTheRest) {
  EXPECT_EQ(mask_credentials("https://user:s3cret@example.org/feed.xml"), "https://user:***@example.org/feed.xml");
  EXPECT_EQ(mask_credentials("https://example.org/rss?token=abc&lang=ru"), "https://example.org/rss?token=***&lang=ru");
  EXPECT_EQ(mask_credentials("https://example.org/rss?lang=ru&api_key=k1#top"),
            "https://example.org/rss?lang=ru&api_key=***#top");
  EXPECT_EQ(mask_credentials("https://example.org/a@b?page=2"), "https://example.org/a@b?page=2");
  EXPECT_EQ(mask_credentials("https://user@example.org/"), "https://user@example.org/");
  EXPECT_EQ(mask_credentials("https://t.me/s/kloop_kg"), "https://t.me/s/kloop_kg");
}

}  // namespace
}  // namespace khabar
