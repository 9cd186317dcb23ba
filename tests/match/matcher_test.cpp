#include "match/matcher.h"

#include <gtest/gtest.h>

namespace khabar::match {
namespace {

std::vector<std::string> rules_matching(const Matcher& matcher, std::string_view title, std::string_view summary = "",
                                        std::string_view language = "", std::string_view feed = "") {
  std::vector<std::string> names;
  for (const auto& m : matcher.match({.title = title, .summary = summary, .language = language, .feed = feed}))
    names.push_back(m.rule);
  return names;
}

Matcher compile(std::vector<RuleSpec> rules, const TermLists& lists = {}) {
  auto matcher = Matcher::compile(rules, lists);
  EXPECT_TRUE(matcher.ok()) << matcher.error().message;
  return std::move(*matcher);
}

const std::vector<std::string> kOne{"r"};

TEST(MatcherTest, MatchesTheExampleRuleAcrossLanguages) {
  const auto matcher = compile({{"recruits", "(кыргыз* OR tajik*) AND (вербов* OR recruit*)"}});
  EXPECT_EQ(rules_matching(matcher, "Кыргызстанцев вербуют", "ВЕРБОВЩИКИ в Сахарово"),
            std::vector<std::string>{"recruits"});
  EXPECT_EQ(rules_matching(matcher, "Tajik migrants recruited to fight"), std::vector<std::string>{"recruits"});
  EXPECT_TRUE(rules_matching(matcher, "Кыргызстан: курс доллара").empty());
}

TEST(MatcherTest, WholeWordsUnlessPrefix) {
  const auto matcher = compile({{"r", "сво"}});
  EXPECT_TRUE(rules_matching(matcher, "Свой бизнес мигранта").empty());
  EXPECT_EQ(rules_matching(matcher, "Отправлен в зону СВО"), kOne);
}

TEST(MatcherTest, UzbekMatchesAcrossScriptsAndApostrophes) {
  const auto matcher = compile({{"r", "ozbekiston*"}});
  for (const char* title : {"Oʻzbekiston fuqarosi", "O'zbekistonlik muhojir", "O‘zbekiston", "Ozbekiston",
                            "Ўзбекистонлик муҳожир", "ЎЗБЕКИСТОН"}) {
    EXPECT_EQ(rules_matching(matcher, title), kOne) << title;
  }
}

TEST(MatcherTest, KazakhMatchesAcrossItsAlphabets) {
  const auto matcher = compile({{"r", "jaldamaly*"}});
  for (const char* title : {"Жалдамалы әскер", "Jaldamaly áskerler", "жалдамалылар"}) {
    EXPECT_EQ(rules_matching(matcher, title), kOne) << title;
  }
}

TEST(MatcherTest, PhrasesNeedConsecutiveWordsInOneField) {
  const auto matcher = compile({{"r", "\"груз 200\""}});
  EXPECT_EQ(rules_matching(matcher, "«Груз-200» прибыл в Ош"), kOne);
  EXPECT_TRUE(rules_matching(matcher, "Груз задержан: 200 человек").empty());
  EXPECT_TRUE(rules_matching(matcher, "Новости: груз", "200 мигрантов").empty());
}

TEST(MatcherTest, NotExcludes) {
  const auto matcher = compile({{"r", "контракт* AND NOT (футбол* OR клуб*)"}});
  EXPECT_EQ(rules_matching(matcher, "Мигрант подписал контракт с Минобороны"), kOne);
  EXPECT_TRUE(rules_matching(matcher, "Футболист подписал контракт с клубом").empty());
}

TEST(MatcherTest, NearCountsWordsBetween) {
  const auto matcher = compile({{"r", "вербов* NEAR/3 мигрант*"}});
  EXPECT_EQ(rules_matching(matcher, "Вербовка среди трудовых мигрантов"), kOne);
  EXPECT_EQ(rules_matching(matcher, "Мигрантов заставляют терпеть вербовку"), kOne);  // either order
  EXPECT_TRUE(rules_matching(matcher, "Вербовка идет, а в другом городе, далеко отсюда, мигранты").empty());
  EXPECT_TRUE(rules_matching(matcher, "Вербовка", "мигранты").empty());  // not across fields
}

TEST(MatcherTest, FieldScopeAndFilters) {
  const auto matcher =
      compile({{"title", "title:согуш*"}, {"ky", "lang:ky AND мигрант*"}, {"feed", "feed:azattyk мигрант*"}});
  EXPECT_EQ(rules_matching(matcher, "Согуш", "", "ru", "other"), std::vector<std::string>{"title"});
  EXPECT_TRUE(rules_matching(matcher, "Жаңылыктар", "согуш").empty());
  EXPECT_EQ(rules_matching(matcher, "Мигранттар", "", "ky", "azattyk"), (std::vector<std::string>{"ky", "feed"}));
  EXPECT_TRUE(rules_matching(matcher, "Мигранттар", "", "kk", "AZATTYK-ru").empty());
  const auto uz = compile({{"r", "lang:uz muhojir*"}});
  EXPECT_EQ(rules_matching(uz, "Муҳожирлар", "", "uz-Cyrl"), kOne);
}

TEST(MatcherTest, ListsAndWeightedScores) {
  TermLists lists;
  lists["who"].terms = {{"кыргыз*", 1}, {"tajik*", 1}};
  lists["war"].terms = {{"вербов*", 3}, {"\"груз 200\"", 5}, {"фронт*", 2}};
  const auto matcher = compile({{"r", "@who AND @war>=5"}}, lists);
  EXPECT_EQ(rules_matching(matcher, "Кыргызстанец", "«Груз 200» прибыл"), kOne);       // 5
  EXPECT_EQ(rules_matching(matcher, "Tajik recruits", "вербовка и фронт"), kOne);      // 3 + 2
  EXPECT_TRUE(rules_matching(matcher, "Кыргызстанцы", "вербовка на заводы").empty());  // 3
}

TEST(MatcherTest, AListUsedByManyRulesIsCompiledOnce) {
  // The default rules use their big lists hundreds of times, in every
  // scope: each use must not cost the daemon a copy of the list.
  TermLists lists;
  for (int i = 0; i < 500; ++i) lists["places"].terms.push_back({"село" + std::to_string(i), 1});
  lists["places"].terms.push_back({"ош", 1});
  const auto rules_using_it = [&](int count) {
    std::vector<RuleSpec> rules;
    for (int i = 0; i < count; ++i) {
      rules.push_back({"r" + std::to_string(i), "(title:@places OR summary:@places) AND контракт" + std::to_string(i) +
                                                    " AND NOT content:@places"});
    }
    return compile(rules, lists);
  };
  const auto one = rules_using_it(1);
  const auto fifty = rules_using_it(50);
  EXPECT_LT(fifty.memory_bytes(), 2 * one.memory_bytes());
  EXPECT_EQ(rules_matching(fifty, "Ош: подписан контракт7"), std::vector<std::string>{"r7"});
}

TEST(MatcherTest, BigListsAreDecidedFromTheItemsOwnWords) {
  // Lists and ORs with many children find the ones an item can satisfy from
  // the item's words, once per item: nothing may leak from one item to the
  // next, and a word in several lists counts in each.
  TermLists lists;
  for (int i = 0; i < 40; ++i) {
    lists["who"].terms.push_back({"имя" + std::to_string(i), 1});
    lists["war"].terms.push_back({"слово" + std::to_string(i), 1});
    lists["weighted"].terms.push_back({"балл" + std::to_string(i), 1});
  }
  lists["who"].terms.push_back({"кыргыз*", 1});
  lists["war"].terms.push_back({"вербов*", 1});
  lists["war"].terms.push_back({"\"груз 200\"", 1});
  lists["weighted"].terms.push_back({"фронт*", 3});
  lists["weighted"].terms.push_back({"вербов*", 2});
  std::string many;
  for (int i = 0; i < 20; ++i) many += (many.empty() ? "" : " OR ") + std::string("вариант") + std::to_string(i);
  const auto matcher = compile({{"who", "@who"},
                                {"many", many},
                                {"near", "@who NEAR/2 @war"},
                                {"score", "@who AND @weighted>=4"},
                                {"either", "title:(@war OR @weighted>=4)"}},
                               lists);
  using Names = std::vector<std::string>;
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(rules_matching(matcher, "Кыргызстанцев вербовщики обманули"), (Names{"who", "near", "either"}));
    EXPECT_EQ(rules_matching(matcher, "Вариант17 обсуждают"), Names{"many"});
    EXPECT_EQ(rules_matching(matcher, "Имя12 и слово33", "вербовка, фронт"), (Names{"who", "near", "score", "either"}));
    EXPECT_EQ(rules_matching(matcher, "Имя12, далеко от всех этих мест, слово33"), (Names{"who", "either"}));
    EXPECT_EQ(rules_matching(matcher, "Балл1 балл2 фронт", "имя3"), (Names{"who", "score", "either"}));
    EXPECT_TRUE(rules_matching(matcher, "Груз прибыл: 200 тонн").empty());
    EXPECT_EQ(rules_matching(matcher, "«Груз 200» прибыл в Ош"), Names{"either"});
  }
}

TEST(MatcherTest, MatchersUsedInTurnOnOneThreadKeepTheirOwnDictionaries) {
  // A poll's worker matches each item with the rules and with the story
  // kinds; each dictionary's per-thread cache of token hits must stay its
  // own, also when more dictionaries take turns than the thread keeps.
  std::vector<Matcher> matchers;
  for (const auto* query : {"вербовка", "контракт* AND вербовка", "мигрант* OR контракт", "подписан AND NOT вербовка",
                            "вербов*", "контракт"}) {
    auto compiled = Matcher::compile({{query, query}});
    ASSERT_TRUE(compiled.ok()) << query;
    matchers.push_back(std::move(*compiled));
  }
  const std::vector<std::vector<bool>> expected = {
      {true, false, true, false, true, false},  // "Вербовка мигрантов"
      {false, false, true, true, false, true},  // "Контракт подписан"
  };
  const std::vector<std::string> titles = {"Вербовка мигрантов", "Контракт подписан"};
  for (int round = 0; round < 3; ++round) {
    for (size_t t = 0; t < titles.size(); ++t) {
      for (size_t m = 0; m < matchers.size(); ++m) {
        EXPECT_EQ(!matchers[m].match({.title = titles[t]}).empty(), expected[t][m])
            << "round " << round << ", \"" << titles[t] << "\" against matcher " << m;
      }
    }
  }
}

TEST(MatcherTest, ManyRulesShareOneDictionary) {
  const auto matcher = compile({{"a", "узбек*"}, {"b", "узбекистан"}, {"c", "таджик*"}});
  EXPECT_EQ(rules_matching(matcher, "Граждане Узбекистан и таджики"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(matcher.word_count(), 3u);
}

TEST(MatcherTest, ReportsTheMatchedWordsAsWritten) {
  const auto matcher = compile({{"r", "кыргыз* AND (вербов* OR погиб*)"}});
  const auto matches = matcher.match({.title = "Кыргызстанец погиб на фронте"});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].terms, (std::vector<std::string>{"кыргызстанец", "погиб"}));
}

TEST(MatcherTest, EachDictionaryKeepsItsOwnWordsFromItemToItem) {
  // One thread matches with two rule sets in turn: what a word hit in one
  // dictionary never leaks into the other.
  const auto first = compile({{"war", "войн*"}});
  const auto second = compile({{"peace", "мир*"}});
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(rules_matching(first, "мир и войну"), std::vector<std::string>{"war"});
    EXPECT_EQ(rules_matching(second, "мир и войну"), std::vector<std::string>{"peace"});
    EXPECT_TRUE(rules_matching(first, "мир").empty());
  }
  // A rule whose words in the item are only those of its NOT part stays silent.
  const auto except = compile({{"r", "контракт* AND NOT футбол*"}});
  EXPECT_TRUE(rules_matching(except, "футбол").empty());
  EXPECT_EQ(rules_matching(except, "контракт"), kOne);
}

TEST(MatcherTest, AListInTheTitleOrTheSummaryHoldsInOneOfThem) {
  TermLists lists;
  lists["who"].terms = {{"кыргыз*", 1}, {"\"из киргизии\"", 1}};
  lists["pair"].terms = {{"(погиб* AND фронт*)", 1}};
  const auto matcher =
      compile({{"who", "title:@who OR summary:@who"}, {"pair", "title:@pair OR summary:@pair"}}, lists);
  // Both fields' words are reported, each field's first.
  const auto matches = matcher.match({.title = "Кыргызстанец погиб", .summary = "Кыргызы из Киргизии на фронте"});
  ASSERT_EQ(matches.size(), 1U);
  EXPECT_EQ(matches[0].terms, (std::vector<std::string>{"кыргызстанец", "кыргызы", "из киргизии"}));
  // A list with an AND holds only if one field holds all of it.
  EXPECT_EQ(rules_matching(matcher, "Кыргыз погиб на фронте"), (std::vector<std::string>{"who", "pair"}));
  EXPECT_EQ(rules_matching(matcher, "Кыргыз погиб", "фронт"), (std::vector<std::string>{"who"}));
}

TEST(MatcherTest, CompileErrorNamesTheRule) {
  auto matcher = Matcher::compile({{"good", "a"}, {"broken", "(a OR"}});
  ASSERT_FALSE(matcher.ok());
  EXPECT_EQ(matcher.error().message, "rule \"broken\": column 6: unexpected end of query");
}

}  // namespace
}  // namespace khabar::match

namespace khabar::match {
namespace {

TEST(MatcherContentTest, UnscopedTermsLookInTheContentToo) {
  auto matcher = Matcher::compile({{"r", "кыргыз* AND контракт*"}});
  ASSERT_TRUE(matcher.ok());
  EXPECT_TRUE(matcher->match({.title = "Новости", .content = "Кыргызстанец подписал контракт с Минобороны"}).size() ==
              1);
  EXPECT_TRUE(matcher->match({.title = "Новости", .summary = "Погода"}).empty());
}

TEST(MatcherContentTest, ScopesKeepToTheirField) {
  auto matcher = Matcher::compile({{"c", "content:контракт*"}, {"s", "summary:контракт*"}});
  ASSERT_TRUE(matcher.ok());
  const auto matches = matcher->match({.title = "Х", .summary = "нет", .content = "подписал контракт"});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].rule, "c");
}

TEST(MatcherContentTest, NearWorksInsideTheContentButNotAcrossFields) {
  auto matcher = Matcher::compile({{"n", "мигрант* NEAR/3 контракт*"}});
  ASSERT_TRUE(matcher.ok());
  EXPECT_EQ(matcher->match({.content = "Мигрантам предлагают контракт у миграционного центра"}).size(), 1u);
  EXPECT_TRUE(matcher->match({.summary = "Мигрантам", .content = "контракт"}).empty());
}

TEST(MatcherStemTest, AStemMatchesEveryFormOfTheWord) {
  auto matcher = Matcher::compile({{"ru", "наемник~"}, {"ky", "согуш~"}, {"en", "recruit~"}});
  ASSERT_TRUE(matcher.ok()) << matcher.error().message;
  auto rules = [&](std::string_view text) {
    std::vector<std::string> names;
    for (const auto& m : matcher->match({.title = text})) names.push_back(m.rule);
    return names;
  };
  EXPECT_EQ(rules("В Ташкенте осудили наемников"), std::vector<std::string>{"ru"});
  EXPECT_EQ(rules("Украинадагы согушта каза болгон"), std::vector<std::string>{"ky"});
  EXPECT_EQ(rules("Migrants were recruited at the centre"), std::vector<std::string>{"en"});
  EXPECT_TRUE(rules("Подорожал наем жилья").empty());  // another word that starts alike
}

// A stem reads the word as written: "наемников" (Cyrillic, stemmed by
// Snowball's Russian) and "naemnikov" (Latin) fold alike, but only one is a
// form of наемник. The per-thread cache of token hits must not hand the
// first one's answer to the second.
TEST(MatcherStemTest, SpellingsThatFoldAlikeKeepTheirOwnStems) {
  const std::vector<RuleSpec> rules = {{"ru", "наемник~"}};
  auto fresh = [&](std::string_view text) { return Matcher::compile(rules)->match({.title = text}).size(); };
  ASSERT_NE(fresh("наемников"), fresh("naemnikov"));
  auto matcher = Matcher::compile(rules);
  ASSERT_TRUE(matcher.ok());
  for (const char* text : {"наемников", "naemnikov", "наемников", "naemnikov"})
    EXPECT_EQ(matcher->match({.title = text}).size(), fresh(text)) << text;
}

TEST(MatcherStemTest, ReportsTheFormThatMatchedAsWritten) {
  auto matcher = Matcher::compile({{"r", "туткун~"}});
  ASSERT_TRUE(matcher.ok());
  const auto matches = matcher->match({.summary = "Кыргызстандык жоокер туткунда жүрөт"});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].terms, std::vector<std::string>{"туткунда"});
}

}  // namespace
}  // namespace khabar::match
