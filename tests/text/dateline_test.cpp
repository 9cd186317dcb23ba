#include "text/dateline.h"

#include <gtest/gtest.h>

namespace khabar::text {
namespace {

TEST(DatelineTest, DropsTheAgencysCity) {
  EXPECT_EQ(without_dateline("АСТАНА. KAZINFORM – Ресей мен Украина 314 тұтқын алмасады"),
            ". KAZINFORM – Ресей мен Украина 314 тұтқын алмасады");
  EXPECT_EQ(without_dateline("ДУШАНБЕ, 13 май — Sputnik. Низомиёни Русия"), ", 13 май — Sputnik. Низомиёни Русия");
  EXPECT_EQ(without_dateline("BISHKEK (AKIpress) - Kyrgyz migrants"), " (AKIpress) - Kyrgyz migrants");
  EXPECT_EQ(without_dateline("НУР-СУЛТАН. KAZINFORM — текст"), ". KAZINFORM — текст");
  EXPECT_EQ(without_dateline("ОШ, 5 мая — 24.kg. Текст"), ", 5 мая — 24.kg. Текст");
}

TEST(DatelineTest, KeepsTextThatOpensOtherwise) {
  for (const char* text : {"Астана. Жители города", "СВО: в Бишкеке похоронили бойца", "ГКНБ задержал вербовщика",
                           "ТАШКЕНТ", "ОДКБ, учения в Таджикистане прошли без происшествий", "",
                           "13-летний мальчик из Оша", "Kyrgyz migrant killed — relatives"}) {
    EXPECT_EQ(without_dateline(text), text) << text;
  }
}

}  // namespace
}  // namespace khabar::text
