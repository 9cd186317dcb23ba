#include "text/fast_tokenizer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

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
                           "＄５",
                           "\"Вагнер\" a\"b 1\"2 \"\"",
                           "a'.b a.'b 1.'2 a''b a'1 1'a"}) {
    expect_same_as_icu(text);
  }
}

// Holds each text of a labeled file's fields to ICU's result, and counts
// how many the fast path takes.
struct Agreement {
  int texts = 0, fast = 0;
  void check_file(const std::filesystem::path& path, std::initializer_list<const char*> fields) {
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
      const auto item = nlohmann::json::parse(line);
      for (const char* field : fields) {
        const auto text = item.value(field, std::string());
        if (text.empty()) continue;
        TokenizedText ignored;
        ++texts;
        fast += tokenize_simple(text, ignored);
        expect_same_as_icu(text);
      }
    }
  }
};

TEST(FastTokenizerTest, AgreesWithIcuOnTheLabeledSetAndTakesNearlyAllOfIt) {
  Agreement agreement;
  agreement.check_file(std::string(KHABAR_TEST_DATA) + "/match/devset.jsonl", {"title", "summary"});
  ASSERT_GT(agreement.texts, 600);
  EXPECT_GT(agreement.fast, agreement.texts * 95 / 100);
}

// Every labeled report's title, summary and full text (quotes, dashes,
// ellipses, numbers and all), in every language of the region.
TEST(FastTokenizerTest, AgreesWithIcuOnTheReportsFullTextsAndTakesNearlyAllOfThem) {
  Agreement agreement;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(KHABAR_TEST_DATA) + "/match")) {
    if (entry.path().filename().string().starts_with("real") && entry.path().extension() == ".jsonl")
      agreement.check_file(entry.path(), {"title", "summary", "content"});
  }
  ASSERT_GT(agreement.texts, 2000);
  EXPECT_GT(agreement.fast, agreement.texts * 95 / 100);
}

// Strings drawn from the pieces the word-break rules tell apart (letters,
// digits, each kind of mid character, spaces, quotes, dropped code points),
// in every order up to a length: the fast path's state machine against
// ICU's rules. The seed is fixed, so a failure repeats.
TEST(FastTokenizerTest, AgreesWithIcuOnEveryShortMixOfWordBreakClasses) {
  const std::vector<std::string> pieces = {"a", "Ж",  "ў", "7", ".", ",", "'", "’", ":", ";",
                                           " ", "\"", "-", "ъ", "­", "ё", "ß", "№", "․"};
  std::mt19937 random(20261208);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1), length(1, 9);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (size_t n = length(random); n > 0; --n) text += pieces[pick(random)];
    expect_same_as_icu(text);
  }
}

TEST(FastTokenizerTest, LeavesUnusualTextToIcu) {
  TokenizedText out;
  EXPECT_FALSE(tokenize_simple("A\u0301", out));  // a combining mark
  EXPECT_FALSE(tokenize_simple("日本語", out));   // dictionary-based segmentation
  EXPECT_FALSE(tokenize_simple("ﬁnal", out));     // a compatibility ligature
  EXPECT_TRUE(tokenize_simple("Кыргызстан, 2024", out));
  EXPECT_TRUE(tokenize_simple("\"Вагнер\" deb atalgan", out));  // ASCII quotes, as news writes them
}

}  // namespace
}  // namespace khabar::text
