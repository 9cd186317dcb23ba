#include "match/query.h"

#include <gtest/gtest.h>

#include "match/fts_query.h"

namespace khabar::match {
namespace {

std::string canonical(std::string_view text, const TermLists& lists = {}) {
  auto query = parse_query(text, lists);
  return query ? to_string(**query) : "error: " + query.error().message;
}

TEST(QueryTest, ParsesOperatorsWithPrecedence) {
  EXPECT_EQ(canonical("(Кыргыз* OR tajik*) AND (вербов* OR recruit*)"),
            "((kyrgyz* OR tajik*) AND (verbov* OR recruit*))");
  EXPECT_EQ(canonical("a OR b AND c"), "(a OR (b AND c))");
  EXPECT_EQ(canonical("a b"), "(a AND b)");
  EXPECT_EQ(canonical("мигрант* AND NOT футбол"), "(migrant* AND NOT futbol)");
}

TEST(QueryTest, WordsAreNormalizedAndFoldedLikeText) {
  EXPECT_EQ(canonical("\"Груз 200\""), "\"gruz 200\"");
  EXPECT_EQ(canonical("Наёмник"), "naemnik");
  EXPECT_EQ(canonical("груз-200"), "\"gruz 200\"");  // a hyphenated word is a phrase
  EXPECT_EQ(canonical("Oʻzbekiston"), canonical("Ўзбекистон"));
  EXPECT_EQ(canonical("\"контракт* с минобороны\""), "\"kontrakt* s minoborony\"");
}

TEST(QueryTest, NearFieldsAndFilters) {
  EXPECT_EQ(canonical("вербов* NEAR/5 (мигрант* OR kyrgyz)"), "(verbov* NEAR/5 (migrant* OR kyrgyz))");
  EXPECT_EQ(canonical("title:\"груз 200\" AND summary:(a OR b)"), "(title:\"gruz 200\" AND summary:(a OR b))");
  EXPECT_EQ(canonical("lang:ky feed:azattyk согуш*"), "(lang:ky AND feed:azattyk AND sogush*)");
}

TEST(QueryTest, ListsExpandAndScoresKeepTheirWeights) {
  TermLists lists;
  lists["central_asians"].terms = {{"кыргыз*", 1}, {"\"central asian*\"", 1}};
  lists["war"].terms = {{"вербов*", 3}, {"\"груз 200\"", 5}};
  EXPECT_EQ(canonical("@central_asians AND war", lists), "((kyrgyz* OR \"central asian*\") AND war)");
  EXPECT_EQ(canonical("@war>=5", lists), "@war>=5.000000{verbov*=3.000000, \"gruz 200\"=5.000000}");
}

TEST(QueryTest, SyntaxErrorsNameTheColumn) {
  EXPECT_EQ(canonical("(a OR b"), "error: column 8: expected ')' to close the '(' at column 1");
  EXPECT_EQ(canonical("a OR"), "error: column 5: unexpected end of query");
  EXPECT_EQ(canonical("вербовка )"), "error: column 10: unbalanced ')'");
  EXPECT_EQ(canonical("\"груз 200"), "error: column 1: unterminated quoted phrase");
  EXPECT_EQ(canonical("NOT a"), "error: column 1: NOT needs a positive term beside it (A AND NOT B)");
  EXPECT_EQ(canonical(""), "error: column 1: empty query");
  EXPECT_EQ(canonical("a NEAR/x b"), "error: column 3: NEAR needs a distance in words, as in NEAR/10");
  EXPECT_EQ(canonical("a NEAR/3 (b AND c)"), "error: column 3: NEAR joins words, phrases, lists or OR-groups of them");
  EXPECT_EQ(canonical("a AND @nowhere"), "error: column 7: unknown list @nowhere");
  EXPECT_EQ(canonical("a AND lang:"), "error: column 7: lang: needs a value, as in lang:ky");
}

TEST(QueryTest, ANearWithoutItsSlashIsAnErrorNotTwoWords) {
  EXPECT_EQ(canonical("a NEAR5 b"), "error: column 3: 'NEAR5' is not an operator: write NEAR/5");
  EXPECT_EQ(canonical("a NEAR 5 b"), "error: column 3: 'NEAR 5' is not an operator: write NEAR/5");
}

TEST(QueryTest, ALanguageFilterNeedsALanguageCode) {
  EXPECT_EQ(canonical("a AND lang:kyrgyz"),
            "error: column 12: lang: \"kyrgyz\" is not a language code like ky, ru or uz-Latn");
  EXPECT_EQ(canonical("lang:uz-Latn AND a"), "(lang:uz-Latn AND a)");
}

TEST(FtsQueryTest, TranslatesExactlyWhatFts5Can) {
  auto query = parse_query("(кыргыз* OR \"груз 200\") AND NOT футбол");
  const auto fts = to_fts5(**query);
  EXPECT_EQ(fts.expression, "(((\"kyrgyz\" * OR \"gruz 200\")) NOT (\"futbol\"))");
  EXPECT_TRUE(fts.exact);
}

TEST(FtsQueryTest, ApproximatesTheRestForAPostFilter) {
  const auto near = to_fts5(**parse_query("вербов* NEAR/3 мигрант*"));
  EXPECT_EQ(near.expression, "(\"verbov\" * AND \"migrant\" *)");
  EXPECT_FALSE(near.exact);
  const auto filtered = to_fts5(**parse_query("lang:ky AND title:согуш*"));
  EXPECT_EQ(filtered.expression, "(title : (\"sogush\" *))");
  EXPECT_FALSE(filtered.exact);
  EXPECT_EQ(to_fts5(**parse_query("lang:ky")).expression, "");
}

}  // namespace
}  // namespace khabar::match

namespace khabar::match {
namespace {

TEST(QueryLimitsTest, DeepParenthesesAreAnErrorNotACrash) {
  const std::string deep = std::string(10000, '(') + "x" + std::string(10000, ')');
  auto query = parse_query(deep);
  ASSERT_FALSE(query.ok());
  EXPECT_NE(query.error().message.find("nested more than 100 deep"), std::string::npos) << query.error().message;
  std::string nots;
  for (int i = 0; i < 10000; ++i) nots += "NOT ";
  EXPECT_FALSE(parse_query("a AND " + nots + "b").ok());
}

TEST(QueryLimitsTest, ALongQueryStillNamesItsColumn) {
  std::string query;
  for (int i = 0; i < 20000; ++i) query += "слово OR ";
  query += ")";
  auto parsed = parse_query(query);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("column 180001"), std::string::npos) << parsed.error().message;
}

TEST(QueryStemTest, ATildeAsksForEveryForm) {
  auto query = parse_query("вербовать~ AND content:контракт*");
  ASSERT_TRUE(query.ok()) << query.error().message;
  EXPECT_EQ(to_string(**query), "(verbovat~ AND content:kontrakt*)");
}

TEST(QueryStemTest, Near5IsAnErrorThatSuggestsTheOperator) {
  auto query = parse_query("a NEAR5 b");
  ASSERT_FALSE(query.ok());
  EXPECT_NE(query.error().message.find("write NEAR/5"), std::string::npos);
}

}  // namespace
}  // namespace khabar::match
