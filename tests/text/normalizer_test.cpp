#include "text/normalizer.h"

#include <gtest/gtest.h>

#include "text/charset.h"

namespace khabar::text {
namespace {

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  for (auto& token : tokenize(text).tokens) out.push_back(token.text);
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

std::vector<std::string> surfaces(std::string_view text) {
  std::vector<std::string> out;
  const auto tokenized = tokenize(text);
  for (const auto& token : tokenized.tokens) out.push_back(tokenized.surface(token));
  return out;
}

TEST(NormalizerTest, TokenizesByWordBoundariesDroppingPunctuation) {
  EXPECT_EQ(surfaces("«Груз 200» вернулся в Кара-Балту!"),
            (std::vector<std::string>{"груз", "200", "вернулся", "в", "кара", "балту"}));
  EXPECT_EQ(words("«Груз 200» вернулся в Кара-Балту!"),
            (std::vector<std::string>{"gruz", "200", "vernulsya", "v", "kara", "baltu"}));
}

// Words beyond the Basic Multilingual Plane (UTF-16 surrogate pairs in the
// normalized text) are shown as written, in whole characters.
TEST(NormalizerTest, ShowsWordsOutsideTheBasicPlaneWhole) {
  EXPECT_EQ(surfaces("\U00010330\U00010331 Кыргыз 𠀋"),
            (std::vector<std::string>{"\U00010330\U00010331", "кыргыз", "𠀋"}));
}

TEST(NormalizerTest, KeepsUzbekApostropheWordsWhole) {
  EXPECT_EQ(surfaces("O'zbekiston fuqarosi"), (std::vector<std::string>{"o'zbekiston", "fuqarosi"}));
  EXPECT_EQ(words("O'zbekiston fuqarosi"), (std::vector<std::string>{"ozbekiston", "fuqarosi"}));
}

// Each language's spellings of one word fold to one skeleton.
void expect_one_skeleton(std::initializer_list<const char*> spellings) {
  const auto first = words(*spellings.begin());
  for (const char* spelling : spellings) EXPECT_EQ(words(spelling), first) << spelling;
}

TEST(ScriptFoldTest, Uzbek) {
  expect_one_skeleton({"Oʻzbekiston", "O'zbekiston", "O‘zbekiston", "O’zbekiston", "Ozbekiston", "Ўзбекистон"});
  expect_one_skeleton({"gʻalaba", "g'alaba", "ғалаба"});
  // ё is е for Russian's sake, so Uzbek ё (Latin yo) meets Latin only if a rule names both spellings.
  EXPECT_NE(words("yollanma"), words("ёлланма"));
  expect_one_skeleton({"e'lon", "eʼlon", "эълон"});
  expect_one_skeleton({"xorazm", "Хоразм"});
  expect_one_skeleton({"halok", "ҳалок"});
  expect_one_skeleton({"qishloq", "қишлоқ"});
}

TEST(ScriptFoldTest, Kazakh) {
  expect_one_skeleton({"жалдамалы", "jaldamaly"});
  expect_one_skeleton({"қазақстан", "qazaqstan", "Qazaqstan"});
  expect_one_skeleton({"әскер", "ásker", "äsker"});
  expect_one_skeleton({"соғыс", "soǵys", "soğys"});
  expect_one_skeleton({"өңір", "óńir", "öñir"});
  expect_one_skeleton({"ұлт", "últ", "ült"});
}

TEST(ScriptFoldTest, Kyrgyz) {
  expect_one_skeleton({"өкүмөт", "okumot"});
  expect_one_skeleton({"жаңылык", "janylyk"});
}

TEST(ScriptFoldTest, Tajik) {
  expect_one_skeleton({"ҷанг", "jang"});
  expect_one_skeleton({"муҳоҷир", "muhojir"});
  expect_one_skeleton({"тоҷикӣ", "tojiki"});
  expect_one_skeleton({"рӯз", "ruz"});
}

TEST(ScriptFoldTest, Turkmen) {
  expect_one_skeleton({"söweş", "soweş", "sowesh"});
  expect_one_skeleton({"Türkmenistan", "turkmenistan"});
  expect_one_skeleton({"ýaragly", "yaragly"});
  expect_one_skeleton({"ňamiş", "namish"});
}

TEST(ScriptFoldTest, RussianFoldsLikeItsRomanization) {
  expect_one_skeleton({"вербовка", "verbovka"});
  expect_one_skeleton({"наёмник", "наемник", "naemnik"});
}

TEST(NormalizerTest, TokensCarryTheirPositions) {
  const auto tokens = tokenize("один, два три");
  ASSERT_EQ(tokens.tokens.size(), 3u);
  EXPECT_EQ(tokens.tokens[2].position, 2);
}

TEST(NormalizerTest, IndexFormIsSpaceSeparatedFoldedWords) {
  EXPECT_EQ(index_form("Мигранты  из\tКыргызстана."), "migranty iz kyrgyzstana");
}

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
  EXPECT_EQ(canonical_charset(""), "");
  EXPECT_EQ(canonical_charset("KOI8-T"), "koi8-t");
  EXPECT_EQ(canonical_charset("STRK1048-2002"), "kz-1048");
  EXPECT_EQ(canonical_charset("PT154"), "ptcp154");
}

}  // namespace
}  // namespace khabar::text
