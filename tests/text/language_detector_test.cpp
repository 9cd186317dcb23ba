#include "text/language_detector.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace khabar::text {
namespace {

constexpr const char* kKyrgyz =
    "Орусиянын армиясына жалданган кыргызстандык мигрант согушта каза болду. Анын сөөгү Кара-Балтага "
    "жеткирилди, үй-бүлөсү маркумду айылда жерге берди.";
constexpr const char* kTajik =
    "Ҷасади муҳоҷири тоҷик, ки дар ҷанги Украина кушта шуд, ба Ваҳдат оварда шуд. Хешовандонаш мегӯянд, ки "
    "ӯро дар маркази муҳоҷирон ба қарордод маҷбур карданд.";
constexpr const char* kUzbekLatin =
    "Toshkent viloyatida Rossiya armiyasi safida jang qilgan yigit yollanmachilik uchun sudlandi";
constexpr const char* kUzbekCyrillic = "Ўзбекистонлик муҳожир Украинадаги урушда ҳалок бўлди";

TEST(LanguageDetectorTest, DetectsTheRegionsLanguagesWithoutADeclaration) {
  EXPECT_EQ(identify_language(kKyrgyz, ""), "ky");
  EXPECT_EQ(identify_language(kTajik, ""), "tg");
  EXPECT_EQ(identify_language(kUzbekLatin, ""), "uz-Latn");
  EXPECT_EQ(identify_language(kUzbekCyrillic, ""), "uz-Cyrl");
}

TEST(LanguageDetectorTest, KeepsACredibleDeclaration) {
  EXPECT_EQ(identify_language("Кыргызстанцев вербовали в армию", "ru"), "ru");  // too short to argue with
  EXPECT_EQ(identify_language(kKyrgyz, "ky"), "ky");
  EXPECT_EQ(identify_language("Türkmenistanly migrant Russiýanyň goşunynda söweşde aradan çykdy", "tk"), "tk");
  EXPECT_EQ(identify_language(kUzbekCyrillic, "uz"), "uz-Cyrl");
}

TEST(LanguageDetectorTest, OverridesADeclarationTheTextContradicts) {
  EXPECT_EQ(identify_language(kTajik, "en"), "tg");
}

// The headline and the lede tell the language: a Kyrgyz feed's report that
// quotes a long Russian statement further down stays Kyrgyz.
TEST(LanguageDetectorTest, JudgesByTheBeginningOfALongText) {
  const std::string text = std::string(kKyrgyz) +
                           "\nМинистерство обороны сообщило во вторник, что мужчина подписал контракт с армией "
                           "прошлой весной, после того как его задержали на стройке в Подмосковье. О его гибели "
                           "семья узнала от соседа, который служил в той же части, и им не сказали, где он "
                           "похоронен. Правозащитники за последние два года задокументировали десятки подобных "
                           "случаев, большинство из них касаются трудовых мигрантов, которым предлагали быстрое "
                           "гражданство и крупную выплату за участие в штурмовых подразделениях на передовой.";
  EXPECT_EQ(identify_language(text, "ky"), "ky");
}

// CLD2 reads this Turkmen report as Turkish; a Turkmen feed's declaration,
// and its letters (ň, ý, ä), keep it Turkmen.
TEST(LanguageDetectorTest, ATurkmenReportIsNotTakenForTurkish) {
  const char* text =
      "Şu günler Mary welaýatynda kanun goraýjy edaralaryň işgärleriniň harby gullukdan boşan raýatlara, heniz "
      "öýlerine girmänkä, jerime ýazmagy ýa-da olardan “para almagy” bilen bagly wakalar göz-görtele köpeldi.";
  EXPECT_EQ(identify_language(text, "tk"), "tk");
  EXPECT_EQ(identify_language_with_cld2(text, "tk"), "tk");
}

TEST(LanguageDetectorTest, RecognizesTurkmenByItsLetters) {
  EXPECT_EQ(identify_language("Türkmenistanly migrant Russiýanyň goşunynda söweşde aradan çykdy, ýaňy", ""), "tk");
}

// The alphabet check only saves asking CLD2: on every labeled report (its
// headline and lede, as the poller gives them), under every declaration of
// the region's Cyrillic languages, the answer is the one CLD2's reading
// gives.
TEST(LanguageDetectorTest, TheAlphabetCheckAnswersAsCld2WouldOnEveryLabeledReport) {
  const std::filesystem::path dir = std::string(KHABAR_TEST_DATA) + "/match";
  int texts = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".jsonl") continue;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      const auto item = nlohmann::json::parse(line);
      auto text = item.value("title", std::string()) + "\n" + item.value("summary", std::string());
      if (text.size() < 200) text += "\n" + item.value("content", std::string()).substr(0, 1000);
      ++texts;
      for (const char* declared : {"ru", "ky", "kk", "tg", "uz", "uz-Cyrl", "uz-Latn", "tk", "en", ""})
        EXPECT_EQ(identify_language(text, declared), identify_language_with_cld2(text, declared))
            << declared << ": " << text;
    }
  }
  EXPECT_GT(texts, 1800);
}

TEST(LanguageDetectorTest, AKyrgyzReportInARussianFeedIsStillKyrgyz) {
  EXPECT_EQ(identify_language(kKyrgyz, "ru"), "ky");  // its ң, ө, ү are not Russian letters
  EXPECT_EQ(identify_language(kTajik, "ky"), "tg");   // nor its ҷ, ӣ, ӯ Kyrgyz ones
}

}  // namespace
}  // namespace khabar::text
