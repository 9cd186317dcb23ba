#include "cli/status_view.h"

#include <gtest/gtest.h>

namespace khabar::cli {
namespace {

constexpr UnixTime kNow = 1'780'000'000;

FeedStatus polled(const std::string& name, const std::string& url) {
  FeedStatus feed;
  feed.state.name = name;
  feed.state.url = url;
  feed.state.last_status = "ok";
  feed.state.last_success = kNow - 600;
  feed.state.next_poll = kNow + 300;
  return feed;
}

TEST(StatusViewTest, LongNamesAndErrorsAreNeverCut) {
  auto feed = polled("ozodlik-uzbek-cyrillic-regions", "https://www.ozodlik.org/api/zgq_oevmqt");
  feed.state.last_status = "failed";
  feed.state.last_error = "HTTP 503 Service Temporarily Unavailable after three redirects";
  const auto table = status_table({feed}, {}, kNow);
  EXPECT_NE(table.find("ozodlik-uzbek-cyrillic-regions "), std::string::npos) << table;
  EXPECT_NE(table.find("three redirects"), std::string::npos) << table;
  EXPECT_EQ(table.find("…"), std::string::npos) << table;
}

TEST(StatusViewTest, ColumnsLineUpAcrossRows) {
  const auto table =
      status_table({polled("a", "https://a.example/"), polled("a-much-longer-name", "https://b.example/")}, {}, kNow);
  const auto health_column = table.find("HEALTH");
  const auto second_row = table.find("\na ") + 1;
  EXPECT_EQ(table.find("ok", second_row) - second_row, health_column) << table;
}

TEST(StatusViewTest, DisabledFeedsShowAsDisabledAndUncommonWordsAreExplained) {
  auto off = polled("kloop", "https://kloop.kg/feed/");
  off.enabled = false;
  auto quiet = polled("asia-plus", "https://asiaplustj.info/ru/rss");
  quiet.quiet = true;
  const auto table = status_table({off, quiet, polled("azattyk", "https://rus.azattyk.org/api/")}, {}, kNow);
  EXPECT_EQ(health_of(off), "disabled");
  EXPECT_NE(table.find("disabled: enabled = false"), std::string::npos) << table;
  EXPECT_NE(table.find("quiet: no new item for far longer"), std::string::npos) << table;
  EXPECT_EQ(table.find("never polled:"), std::string::npos) << "only health words shown are explained\n" << table;
}

TEST(StatusViewTest, AnArchiveThatCannotBeWrittenIsSaidFirst) {
  const auto table = status_table({polled("a", "https://a.example/")}, {}, kNow, "the archive is read-only");
  EXPECT_EQ(table.rfind("archive: the archive is read-only", 0), 0u) << table;
  const auto json = status_json({}, {}, "database is locked");
  EXPECT_NE(json.find("\"writable\": false"), std::string::npos) << json;
  EXPECT_NE(json.find("database is locked"), std::string::npos) << json;
}

TEST(StatusViewTest, CredentialsInFeedUrlsAreMasked) {
  const auto json = status_json({polled("private", "https://reader:hunter2@example.org/rss?token=abc123")}, {});
  EXPECT_EQ(json.find("hunter2"), std::string::npos) << json;
  EXPECT_EQ(json.find("abc123"), std::string::npos) << json;
  EXPECT_NE(json.find("https://reader:***@example.org/rss?token=***"), std::string::npos) << json;
}

}  // namespace
}  // namespace khabar::cli
