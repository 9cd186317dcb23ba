#include "text/fast_tokenizer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

namespace khabar::text {
namespace {

// The fast path, when it takes a text, must give exactly what ICU gives.
void expect_same_as_icu(std::string_view text) {
  TokenizedText fast;
  if (!tokenize_simple(text, fast)) return;
  const auto icu = tokenize_with_icu(text);
  EXPECT_TRUE(fast.normalized == icu.normalized) << text;
  ASSERT_EQ(fast.tokens.size(), icu.tokens.size()) << text;
  for (size_t i = 0; i < icu.tokens.size(); ++i) {
    EXPECT_EQ(fast.tokens[i].text, icu.tokens[i].text) << text;
    EXPECT_EQ(fast.tokens[i].start, icu.tokens[i].start) << text;
    EXPECT_EQ(fast.tokens[i].end, icu.tokens[i].end) << text;
    EXPECT_EQ(fast.tokens[i].position, icu.tokens[i].position) << text;
  }
}

TEST(FastTokenizerTest, AgreesWithIcuOnTheWordBreakRules) {
  for (const char* text : {"e.g. U.S.A. a.b.c",
                           "3.14 1,000,000 12:30 1.2.3",
                           "don't o'zbek a'b'c ''x''",
                           "x:y ab:cd: :ab",
                           "_под_ __ a_1 1_a",
                           "word—word мама‐папа foo-bar",
                           "№5 −25 °C 50%",
                           "вер\u00ADбовка",
                           "Ёлка ёж ЁЖ",
                           "ß STRASSE ŉ",
                           "Ĳssel ǅ",
                           "a\u2019b a\u2018b a\u2024b",
                           "«Груз-200» — «Хочу жить»",
                           "  \t\n ",
                           "",
                           "...",
                           "1a a1 1.a a.1",
                           "x.y.z. .x",
                           "O‘zbekiston Oʻzbekiston O'zbekiston",
                           "ҚАЗАҚСТАН өңір ҷанг ӯ ӣ",
                           "Türkmenistan ňýäşçžö",
                           "a\u00A0b\u2009c",
                           "A\u0301 combining",
                           "İstanbul",
                           "ﬁnal",
                           "＄５"}) {
    expect_same_as_icu(text);
  }
}

TEST(FastTokenizerTest, AgreesWithIcuOnTheLabeledSetAndTakesNearlyAllOfIt) {
  std::ifstream in(std::string(KHABAR_TEST_DATA) + "/match/devset.jsonl");
  int texts = 0, fast = 0;
  for (std::string line; std::getline(in, line);) {
    const auto item = nlohmann::json::parse(line);
    for (const char* field : {"title", "summary"}) {
      const auto text = item[field].get<std::string>();
      TokenizedText ignored;
      ++texts;
      fast += tokenize_simple(text, ignored);
      expect_same_as_icu(text);
    }
  }
  ASSERT_GT(texts, 600);
  EXPECT_GT(fast, texts * 95 / 100);
}

TEST(FastTokenizerTest, LeavesUnusualTextToIcu) {
  TokenizedText out;
  EXPECT_FALSE(tokenize_simple("A\u0301", out));  // a combining mark
  EXPECT_FALSE(tokenize_simple("日本語", out));   // dictionary-based segmentation
  EXPECT_FALSE(tokenize_simple("ﬁnal", out));     // a compatibility ligature
  EXPECT_TRUE(tokenize_simple("Кыргызстан, 2024", out));
}

}  // namespace
}  // namespace khabar::text
