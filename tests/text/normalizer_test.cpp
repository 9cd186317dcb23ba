#include "text/normalizer.h"

#include <gtest/gtest.h>

#include "text/charset.h"

namespace khabar::text {
namespace {

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  for (auto& token : tokenize(text)) out.push_back(token.text);
  return out;
}

TEST(NormalizerTest, FoldsCaseInEveryScript) {
  EXPECT_EQ(normalize("ВЕРБОВКА Мигрантов"), "вербовка мигрантов");
  EXPECT_EQ(normalize("ЎЗБЕКИСТОН"), "ўзбекистон");
  EXPECT_EQ(normalize("ҚАЗАҚСТАН ӨҢІРІ"), "қазақстан өңірі");
  EXPECT_EQ(normalize("TÜRKMENISTAN"), "türkmenistan");
}

TEST(NormalizerTest, TreatsYoAsYe) { EXPECT_EQ(normalize("Наёмник ЁЛКА"), "наемник елка"); }

TEST(NormalizerTest, DropsSoftHyphensAndUnifiesCompatibilityForms) {
  EXPECT_EQ(normalize("вер\u00ADбовка"), "вербовка");
  EXPECT_EQ(normalize("ﬁnal"), "final");
}

TEST(NormalizerTest, TokenizesByWordBoundariesDroppingPunctuation) {
  EXPECT_EQ(words("«Груз 200» вернулся в Кара-Балту!"),
            (std::vector<std::string>{"груз", "200", "вернулся", "в", "кара", "балту"}));
}

TEST(NormalizerTest, KeepsUzbekApostropheWordsWhole) {
  EXPECT_EQ(words("O'zbekiston fuqarosi"), (std::vector<std::string>{"o'zbekiston", "fuqarosi"}));
  EXPECT_EQ(words("Oʻzbekiston"), (std::vector<std::string>{"oʻzbekiston"}));
}

TEST(NormalizerTest, TokensCarryTheirPositions) {
  const auto tokens = tokenize("один, два три");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[2].position, 2);
}

TEST(NormalizerTest, IndexFormIsSpaceSeparatedWords) { EXPECT_EQ(index_form("Мигранты  из\tКыргызстана."), "мигранты из кыргызстана"); }

TEST(CharsetTest, ConvertsRegionalCharsetsToUtf8) {
  EXPECT_EQ(*to_utf8("\xCC\xE8\xE3\xF0\xE0\xED\xF2", "windows-1251"), "Мигрант");
  EXPECT_EQ(*to_utf8("\xED\xC9\xC7\xD2\xC1\xCE\xD4", "koi8-r"), "Мигрант");
  EXPECT_EQ(*to_utf8("\x8C\xA8\xA3\xE0\xA0\xAD\xE2", "cp866"), "Мигрант");
}

TEST(CharsetTest, UnknownCharsetIsAnError) { EXPECT_FALSE(to_utf8("abc", "no-such-charset").ok()); }

TEST(CharsetTest, ValidatesUtf8) {
  EXPECT_TRUE(is_valid_utf8("Кыргызстан ✓"));
  EXPECT_FALSE(is_valid_utf8("\xCC\xE8\xE3"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));  // overlong
}

TEST(CharsetTest, CanonicalNamesAreLowerCaseIana) {
  EXPECT_EQ(canonical_charset("CP1251"), "windows-1251");
  EXPECT_EQ(canonical_charset("UTF8"), "utf-8");
  EXPECT_EQ(canonical_charset("bogus"), "");
}

}  // namespace
}  // namespace khabar::text
