#include "match/matcher.h"

#include <gtest/gtest.h>

namespace khabar::match {
namespace {

std::vector<std::string> rules_matching(const Matcher& matcher, std::string_view title, std::string_view summary = "") {
  std::vector<std::string> names;
  for (const auto& m : matcher.match({title, summary})) names.push_back(m.rule);
  return names;
}

Matcher compile(std::vector<RuleSpec> rules) {
  auto matcher = Matcher::compile(rules);
  EXPECT_TRUE(matcher.ok()) << matcher.error().message;
  return std::move(*matcher);
}

TEST(MatcherTest, MatchesTheExampleRuleAcrossLanguages) {
  const auto matcher = compile({{"recruits", "(кыргыз* OR tajik*) AND (вербов* OR recruit*)"}});
  EXPECT_EQ(rules_matching(matcher, "Кыргызстанцев вербуют", "ВЕРБОВЩИКИ в Сахарово"),
            std::vector<std::string>{"recruits"});
  EXPECT_EQ(rules_matching(matcher, "Tajik migrants recruited to fight"), std::vector<std::string>{"recruits"});
  EXPECT_TRUE(rules_matching(matcher, "Кыргызстан: курс доллара").empty());
}

TEST(MatcherTest, WholeWordsUnlessPrefix) {
  const auto matcher = compile({{"exact", "сво"}});
  EXPECT_TRUE(rules_matching(matcher, "Свой бизнес мигранта").empty());
  EXPECT_EQ(rules_matching(matcher, "Отправлен в зону СВО").size(), 1u);
}

TEST(MatcherTest, PhrasesNeedConsecutiveWordsInOneField) {
  const auto matcher = compile({{"cargo", "\"груз 200\""}});
  EXPECT_EQ(rules_matching(matcher, "«Груз-200» прибыл в Ош").size(), 1u);
  EXPECT_TRUE(rules_matching(matcher, "Груз задержан: 200 человек").empty());
  EXPECT_TRUE(rules_matching(matcher, "Новости: груз", "200 мигрантов").empty());
}

TEST(MatcherTest, NotExcludes) {
  const auto matcher = compile({{"contract", "контракт* AND NOT (футбол* OR клуб*)"}});
  EXPECT_EQ(rules_matching(matcher, "Мигрант подписал контракт с Минобороны").size(), 1u);
  EXPECT_TRUE(rules_matching(matcher, "Футболист подписал контракт с клубом").empty());
}

TEST(MatcherTest, ManyRulesShareOneDictionary) {
  const auto matcher = compile({{"a", "узбек*"}, {"b", "узбекистан"}, {"c", "таджик*"}});
  EXPECT_EQ(rules_matching(matcher, "Граждане Узбекистан и таджики"), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(MatcherTest, ReportsTheMatchedWords) {
  const auto matcher = compile({{"r", "кыргыз* AND (вербов* OR погиб*)"}});
  const auto matches = matcher.match({"Кыргызстанец погиб на фронте", ""});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].terms, (std::vector<std::string>{"кыргызстанец", "погиб"}));
}

TEST(MatcherTest, CompileErrorNamesTheRule) {
  auto matcher = Matcher::compile({{"good", "a"}, {"broken", "(a OR"}});
  ASSERT_FALSE(matcher.ok());
  EXPECT_EQ(matcher.error().message, "rule \"broken\": column 6: unexpected end of query");
}

}  // namespace
}  // namespace khabar::match
