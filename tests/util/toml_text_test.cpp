#include "util/toml_text.h"

#include <gtest/gtest.h>
#include <toml++/toml.h>

namespace khabar {
namespace {

std::string read_back(const std::string& value) {
  auto document = toml::parse("v = " + toml_quoted(value) + "\n");
  return std::string(*document["v"].value<std::string>());
}

TEST(TomlQuotedTest, ControlCharactersAreEscapedAndReadBackExactly) {
  const std::string hostile = std::string("Title\x01\x1b[31m\x7f \"quoted\" back\\slash\r\n\tend") + '\0' + "after";
  const auto quoted = toml_quoted(hostile);
  for (const char c : quoted) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_FALSE(byte < 0x20 || byte == 0x7f) << "raw control byte " << int(byte) << " in " << quoted;
  }
  EXPECT_EQ(read_back(hostile), hostile);
}

TEST(TomlQuotedTest, UnicodeTextStaysReadable) {
  EXPECT_EQ(toml_quoted("Азаттык — Кыргызстан"), "\"Азаттык — Кыргызстан\"");
  EXPECT_EQ(read_back("Озодӣ"), "Озодӣ");
}

}  // namespace
}  // namespace khabar
