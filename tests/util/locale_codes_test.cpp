#include "util/locale_codes.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

TEST(LocaleCodesTest, LanguageCodesAreTwoOrThreeLettersAndASubtag) {
  for (const auto* code : {"ky", "tgk", "uz-Latn", "uz-Cyrl", "RU", "pt-BR"})
    EXPECT_TRUE(is_language_code(code)) << code;
  for (const auto* code : {"kyrgyz", "k", "", "ru-", "ru_RU", "r1", "uz-L"})
    EXPECT_FALSE(is_language_code(code)) << code;
}

TEST(LocaleCodesTest, NormalizingLowersTheLanguageAndRaisesTheCountry) {
  EXPECT_EQ(normalize_language("RU"), "ru");
  EXPECT_EQ(normalize_language("UZ-Latn"), "uz-Latn");
  EXPECT_EQ(normalize_country("kg"), "KG");
  EXPECT_TRUE(is_country_code("kg"));
  EXPECT_FALSE(is_country_code("KGZ"));
}

TEST(LocaleCodesTest, CodesCompareWithoutRegardToCase) {
  EXPECT_TRUE(same_code("kg", "KG"));
  EXPECT_FALSE(same_code("kg", "kz"));
  EXPECT_TRUE(language_admits("UZ", "uz-Latn"));
  EXPECT_TRUE(language_admits("uz-latn", "uz-Latn"));
  EXPECT_FALSE(language_admits("uz-Cyrl", "uz-Latn"));
  EXPECT_FALSE(language_admits("u", "uz"));
}

}  // namespace
}  // namespace khabar
