#include "match/query.h"

#include <gtest/gtest.h>

#include "match/fts_query.h"

namespace khabar::match {
namespace {

std::string canonical(std::string_view text) {
  auto query = parse_query(text);
  return query ? to_string(**query) : "error: " + query.error().message;
}

TEST(QueryTest, ParsesOperatorsWithPrecedence) {
  EXPECT_EQ(canonical("(Кыргыз* OR tajik*) AND (вербов* OR recruit*)"),
            "((кыргыз* OR tajik*) AND (вербов* OR recruit*))");
  EXPECT_EQ(canonical("a OR b AND c"), "(a OR (b AND c))");
  EXPECT_EQ(canonical("a b"), "(a AND b)");
  EXPECT_EQ(canonical("мигрант* AND NOT футбол"), "(мигрант* AND NOT футбол)");
}

TEST(QueryTest, QuotedPhrasesAndNormalizedWords) {
  EXPECT_EQ(canonical("\"Груз 200\""), "\"груз 200\"");
  EXPECT_EQ(canonical("Наёмник"), "наемник");
  EXPECT_EQ(canonical("груз-200"), "\"груз 200\"");  // a hyphenated word is a phrase
}

TEST(QueryTest, SyntaxErrorsNameTheColumn) {
  EXPECT_EQ(canonical("(a OR b"), "error: column 8: expected ')' to close the '(' at column 1");
  EXPECT_EQ(canonical("a OR"), "error: column 5: unexpected end of query");
  EXPECT_EQ(canonical("вербовка )"), "error: column 10: unbalanced ')'");
  EXPECT_EQ(canonical("\"груз 200"), "error: column 1: unterminated quoted phrase");
  EXPECT_EQ(canonical("NOT a"), "error: column 6: NOT needs a positive term beside it (A AND NOT B)");
  EXPECT_EQ(canonical(""), "error: column 1: empty query");
}

TEST(FtsQueryTest, TranslatesToFts5) {
  auto query = parse_query("(кыргыз* OR \"груз 200\") AND NOT футбол");
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(to_fts5(**query), "(((\"кыргыз\" * OR \"груз 200\")) NOT (\"футбол\"))");
}

}  // namespace
}  // namespace khabar::match
