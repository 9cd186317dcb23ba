#include "parse/telegram_page_reader.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "parse/feed_parser.h"
#include "support/test_data.h"

namespace khabar::parse {
namespace {

using testing::read_test_data;
constexpr const char* kPageUrl = "https://t.me/s/kabar_test";

ParsedFeed parse_page(const std::string& file, SourceKind kind = SourceKind::kTelegram) {
  ParseOptions options;
  options.url = kPageUrl;
  options.kind = kind;
  auto parsed = parse_feed(read_test_data("telegram/" + file), options);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? std::move(*parsed) : ParsedFeed{};
}

std::optional<std::string> text_or_null(const nlohmann::json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<std::string>();
}

// Each page's expected posts (tests/data/telegram/expected_*.json) against
// what the reader gives, field by field.
void expect_posts(const ParsedFeed& parsed, const std::string& expected_file) {
  const auto expected = nlohmann::json::parse(read_test_data("telegram/" + expected_file));
  std::map<std::string, const Item*> by_id;
  for (const auto& item : parsed.items) by_id[*item.id] = &item;
  ASSERT_EQ(parsed.items.size(), expected.size());
  for (const auto& post : expected) {
    const auto id = post["id"].get<std::string>();
    ASSERT_TRUE(by_id.count(id)) << id;
    const Item& item = *by_id[id];
    EXPECT_EQ(item.link, post["link"].get<std::string>()) << id;
    EXPECT_EQ(format_rfc3339(*item.published), post["published"].get<std::string>()) << id;
    EXPECT_EQ(item.summary, post["text"].get<std::string>()) << id;
    EXPECT_EQ(item.author, text_or_null(post["author"])) << id;
    EXPECT_EQ(item.forwarded_from, text_or_null(post["forwarded_from"])) << id;
    const auto preview_title = item.link_preview ? item.link_preview->title : std::nullopt;
    EXPECT_EQ(preview_title, text_or_null(post["link_preview_title"])) << id;
  }
}

TEST(TelegramPageReaderTest, ReadsEveryPostWithTextAsWritten) {
  const auto parsed = parse_page("channel.html");
  EXPECT_EQ(parsed.feed.format, "telegram");
  EXPECT_EQ(parsed.feed.title, "Кабар Тест");
  EXPECT_EQ(parsed.feed.link, "https://t.me/kabar_test");
  expect_posts(parsed, "expected_channel.json");
}

TEST(TelegramPageReaderTest, GivesNewestFirstAndTheOlderPage) {
  const auto parsed = parse_page("channel.html");
  ASSERT_FALSE(parsed.items.empty());
  EXPECT_EQ(parsed.items.front().id, "kabar_test/1226");
  EXPECT_EQ(parsed.feed.older_page, "https://t.me/s/kabar_test?before=1201");
}

TEST(TelegramPageReaderTest, ContinuationPagesLinkFurtherBackNotForward) {
  const auto parsed = parse_page("channel_before_1201.html");
  expect_posts(parsed, "expected_channel_before_1201.json");
  EXPECT_EQ(parsed.feed.older_page, "https://t.me/s/kabar_test?before=1175");
}

TEST(TelegramPageReaderTest, EditedPageKeepsIdsAndChangesText) {
  expect_posts(parse_page("channel_edited.html"), "expected_channel_edited.json");
}

TEST(TelegramPageReaderTest, StickersBarePhotosAndServiceMessagesAreNotItems) {
  const auto parsed = parse_page("channel.html");
  for (const auto& item : parsed.items) {
    EXPECT_FALSE(item.summary->empty());
    EXPECT_EQ(item.summary->find("Channel photo updated"), std::string::npos) << *item.id;
  }
}

TEST(TelegramPageReaderTest, PhotosAndVideosBecomeEnclosures) {
  const auto parsed = parse_page("channel.html");
  size_t images = 0, videos = 0;
  for (const auto& item : parsed.items) {
    for (const auto& e : item.enclosures) {
      images += e.type == "image/jpeg";
      videos += e.type == "video/mp4";
      EXPECT_EQ(e.url.rfind("https://", 0), 0u) << e.url;
    }
  }
  EXPECT_GT(images, 0u);
  EXPECT_GT(videos, 0u);
}

TEST(TelegramPageReaderTest, IsRecognizedFromItsContentWithoutBeingTold) {
  const auto parsed = parse_page("channel.html", SourceKind::kAuto);
  EXPECT_EQ(parsed.feed.format, "telegram");
  EXPECT_EQ(parsed.items.size(), 19u);
}

TEST(TelegramPageReaderTest, ANameWithoutAPublicChannelIsAnErrorThatSaysSo) {
  ParseOptions options;
  options.url = "https://t.me/s/kabar_yok";
  options.kind = SourceKind::kTelegram;
  auto parsed = parse_feed(read_test_data("telegram/not_public.html"), options);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().kind, ErrorKind::kPermanent);
  EXPECT_NE(parsed.error().message.find("not a public channel"), std::string::npos) << parsed.error().message;
  EXPECT_NE(parsed.error().message.find("kabar_yok"), std::string::npos);
}

TEST(TelegramPageReaderTest, TheFloodPageIsATransientError) {
  ParseOptions options;
  options.kind = SourceKind::kTelegram;
  auto parsed = parse_feed(read_test_data("telegram/too_many_requests.html"), options);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().kind, ErrorKind::kTransient);
  EXPECT_NE(parsed.error().message.find("Too Many Requests"), std::string::npos);
}

TEST(TelegramPageReaderTest, AnEmptyChannelHasNoItemsAndNoError) {
  const std::string page =
      "<!DOCTYPE html><html><body><div class=\"tgme_channel_info\"><div class=\"tgme_channel_info_header_title\">"
      "<span>Empty</span></div></div><section class=\"tgme_channel_history "
      "js-message_history\"></section></body></html>";
  ParseOptions options;
  options.kind = SourceKind::kTelegram;
  auto parsed = parse_feed(page, options);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_TRUE(parsed->items.empty());
}

TEST(TelegramPageReaderTest, APageNestedTooDeepIsRefusedNotParsed) {
  std::string page = "<!DOCTYPE html><html><body><section class=\"tgme_channel_history\">";
  for (int i = 0; i < 20000; ++i) page += "<div>";
  ParseOptions options;
  options.kind = SourceKind::kTelegram;
  auto parsed = parse_feed(page, options);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("deep"), std::string::npos) << parsed.error().message;
}

TEST(TitleFromTextTest, TakesTheFirstLine) {
  EXPECT_EQ(title_from_text("Кыргызстандык жоокер каза болду\nТолугураак..."), "Кыргызстандык жоокер каза болду");
}

TEST(TitleFromTextTest, ALongLineEndsAtItsFirstSentenceOrAWordWithAnEllipsis) {
  const std::string sentence = "Вербовщики предлагают мигрантам контракт и паспорт за полгода службы в зоне СВО.";
  EXPECT_EQ(title_from_text(sentence + " " + std::string(200, 'x')), sentence);
  std::string words;
  while (words.size() < 400) words += "сөз ";
  const auto title = title_from_text(words);
  const std::string whole_word_then_ellipsis = "сөз…";
  ASSERT_GT(title.size(), whole_word_then_ellipsis.size());
  EXPECT_EQ(title.substr(title.size() - whole_word_then_ellipsis.size()), whole_word_then_ellipsis);
  EXPECT_LE(title.size(), 120u * 2 + 3);
}

}  // namespace
}  // namespace khabar::parse
