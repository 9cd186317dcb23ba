#include "text/stemmer.h"

#include <gtest/gtest.h>

#include <sstream>

#include "support/test_data.h"
#include "text/normalizer.h"
#include "text/suffix_stemmer.h"

namespace khabar::text {
namespace {

std::vector<std::vector<std::string>> rows(const std::string& file) {
  std::vector<std::vector<std::string>> out;
  std::istringstream lines(testing::read_test_data(file));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, '\t');) fields.push_back(cell);
    out.push_back(std::move(fields));
  }
  return out;
}

// A word as matching sees it: normalized and folded by the tokenizer.
std::string folded(const std::string& word) {
  const auto tokens = tokenize(word).tokens;
  return tokens.size() == 1 ? tokens.front().text : "";
}

std::string table_stem(const std::string& language, const std::string& word) {
  return suffix_stem(language, folded(word));
}

// tests/data/text/word_forms.tsv: every form of a lemma meets its stem, in
// the same data the reference (tests/text/check_suffixes.py) is held to.
TEST(SuffixStemmerTest, EveryFormOfALemmaHasItsStem) {
  const auto lines = rows("text/word_forms.tsv");
  ASSERT_GT(lines.size(), 150u);
  int checked = 0;
  for (const auto& fields : lines) {
    ASSERT_GE(fields.size(), 3u);
    const auto expected = table_stem(fields[0], fields[1]);
    for (size_t i = 2; i < fields.size(); ++i, ++checked) {
      EXPECT_EQ(table_stem(fields[0], fields[i]), expected) << fields[0] << ": " << fields[i] << " vs " << fields[1];
    }
  }
  EXPECT_GT(checked, 600);
}

TEST(SuffixStemmerTest, WordsThatMustStayApartDo) {
  for (const auto& fields : rows("text/word_forms_distinct.tsv")) {
    ASSERT_EQ(fields.size(), 3u);
    EXPECT_NE(table_stem(fields[0], fields[1]), table_stem(fields[0], fields[2]))
        << fields[0] << ": " << fields[1] << " / " << fields[2];
  }
}

TEST(SuffixStemmerTest, KyrgyzChainsOfSuffixesComeOff) {
  EXPECT_EQ(table_stem("ky", "мигранттардын"), table_stem("ky", "мигрант"));
  EXPECT_EQ(table_stem("ky", "согушка"), table_stem("ky", "согушта"));
  EXPECT_EQ(table_stem("ky", "сөөгү"), table_stem("ky", "сөөк"));
}

TEST(SnowballStemmerTest, RussianAndEnglishFormsMeet) {
  auto ru = [](const std::string& w) { return stem(StemLanguage::kRussian, normalize(w), folded(w)); };
  EXPECT_EQ(ru("погибших"), ru("погибшего"));
  EXPECT_EQ(ru("наемников"), ru("наемники"));
  EXPECT_EQ(ru("вербовщиками"), ru("вербовщик"));
  EXPECT_EQ(ru("контракта"), ru("контракт"));
  auto en = [](const std::string& w) { return stem(StemLanguage::kEnglish, normalize(w), folded(w)); };
  EXPECT_EQ(en("recruited"), en("recruiting"));
  EXPECT_EQ(en("mercenaries"), en("mercenary"));
}

}  // namespace
}  // namespace khabar::text
