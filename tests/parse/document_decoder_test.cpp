#include "parse/document_decoder.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "text/charset.h"

namespace khabar::parse {
namespace {

struct Sample {
  const char* language;
  const char* text;  // letters every one of the four charsets has
};

constexpr Sample kSamples[] = {
    {"ru", "Президент подписал закон о мобилизации"},
    {"ky", "Бишкекте жаан жаады"},
    {"kk", "Астанада митинг болды"},
    {"tg", "Дар Душанбе борон борид"},
};

constexpr const char* kCharsets[] = {"windows-1251", "koi8-r", "ibm866", "x-mac-cyrillic"};

// `utf8` in a single-byte `charset`, by inverting the charset's decoding of
// each byte (test data only).
std::string encode(const std::string& utf8, const std::string& charset) {
  std::map<std::string, char> bytes_of;
  for (int byte = 0; byte < 256; ++byte) {
    if (auto decoded = text::to_utf8(std::string(1, static_cast<char>(byte)), charset)) {
      bytes_of.emplace(*decoded, static_cast<char>(byte));
    }
  }
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    const size_t length = static_cast<unsigned char>(utf8[i]) < 0x80   ? 1
                          : static_cast<unsigned char>(utf8[i]) < 0xE0 ? 2
                                                                       : 3;
    out += bytes_of.at(utf8.substr(i, length));
    i += length;
  }
  return out;
}

TEST(DocumentDecoderTest, ShortUndeclaredCyrillicFeedsAreDetected) {
  for (const auto& sample : kSamples) {
    for (const char* charset : kCharsets) {
      const auto bytes = "<rss version=\"2.0\"><channel><item><title>" + encode(sample.text, charset) +
                         "</title></item></channel></rss>";
      auto decoded = decode_document(bytes, "");
      ASSERT_TRUE(decoded.ok());
      EXPECT_EQ(decoded->encoding, charset) << sample.language;
      EXPECT_NE(decoded->utf8.find(sample.text), std::string::npos) << sample.language << " " << charset;
      EXPECT_TRUE(decoded->corrected);  // undeclared and not UTF-8: not well-formed XML
    }
  }
}

TEST(DocumentDecoderTest, ShortCyrillicFeedsUnderAFalseUtf8DeclarationAreDetected) {
  for (const auto& sample : kSamples) {
    for (const char* charset : kCharsets) {
      const auto bytes = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><item><title>" +
                         encode(sample.text, charset) + "</title></item></channel></rss>";
      auto decoded = decode_document(bytes, "");
      ASSERT_TRUE(decoded.ok());
      EXPECT_EQ(decoded->encoding, charset) << sample.language;
      EXPECT_NE(decoded->utf8.find(sample.text), std::string::npos) << sample.language << " " << charset;
      EXPECT_EQ(decoded->note, "declared utf-8 but the bytes are " + std::string(charset));
    }
  }
}

TEST(DocumentDecoderTest, AFalseUtf8DeclarationInTheHttpHeaderIsCorrectedToo) {
  const auto bytes =
      "<rss><channel><title>" + encode("Новости Кыргызстана", "windows-1251") + "</title></channel></rss>";
  auto decoded = decode_document(bytes, "application/rss+xml; charset=utf-8");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->encoding, "windows-1251");
}

TEST(DocumentDecoderTest, Utf8WithAFewBadBytesStaysUtf8) {
  auto decoded = decode_document("<t>Кыргыз\xFFстан \xD0</t>", "");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->encoding, "utf-8");
  EXPECT_EQ(decoded->utf8, "<t>Кыргыз\uFFFDстан \uFFFD</t>");
  EXPECT_EQ(decoded->note, "2 ill-formed utf-8 sequences replaced with U+FFFD");
}

TEST(DocumentDecoderTest, Utf16AndUtf32WithoutAByteOrderMarkAreRecognised) {
  const std::u16string text16 = u"<?xml version=\"1.0\" encoding=\"utf-16\"?><rss/>";
  std::string be, le;
  for (const char16_t c : text16) {
    be += static_cast<char>(c >> 8), be += static_cast<char>(c & 0xFF);
    le += static_cast<char>(c & 0xFF), le += static_cast<char>(c >> 8);
  }
  EXPECT_EQ(decode_document(be, "")->encoding, "utf-16be");
  EXPECT_EQ(decode_document(le, "")->encoding, "utf-16le");
  EXPECT_EQ(decode_document(le, "")->utf8, "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss/>");
  std::string utf32le;
  for (const char c : std::string("<?xml version=\"1.0\"?><rss/>")) utf32le += std::string{c, 0, 0, 0};
  EXPECT_EQ(decode_document(utf32le, "")->encoding, "utf-32le");
}

TEST(DocumentDecoderTest, EbcdicDeclarationsAreRead) {
  const auto bytes = encode("<?xml version=\"1.0\" encoding=\"ibm500\"?><feed><title>x</title></feed>", "ibm500");
  auto decoded = decode_document(bytes, "");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->encoding, "ibm500");
  EXPECT_NE(decoded->utf8.find("<title>x</title>"), std::string::npos);
}

TEST(DocumentDecoderTest, NarrowDeclarationsAreReadAsTheirWhatwgSupersets) {
  // U+55DE exists in gb18030 but not in gb2312; 0x80 is the euro sign in windows-874 only.
  auto gb = decode_document("<?xml version=\"1.0\" encoding=\"gb2312\"?><t>\x86\xEA</t>", "");
  ASSERT_TRUE(gb.ok());
  EXPECT_EQ(gb->encoding, "gb18030");
  EXPECT_NE(gb->utf8.find("\u55DE"), std::string::npos);
  EXPECT_FALSE(gb->corrected);
  auto thai = decode_document("<?xml version=\"1.0\" encoding=\"cp874\"?><t>\x80</t>", "");
  ASSERT_TRUE(thai.ok());
  EXPECT_EQ(thai->utf8, "<?xml version=\"1.0\" encoding=\"cp874\"?><t>\u20AC</t>");
}

// The region's own charsets ICU does not ship, as their feeds declare them.
TEST(DocumentDecoderTest, TheRegionsOwnCharsetsAreRead) {
  struct Case {
    const char* label;
    const char* bytes;
    const char* text;
    const char* encoding;
  };
  const Case cases[] = {
      {"KOI8-T", "\x8E\xC1\xCE\xCF\xDA\xC1\xC9 \xCD\xD5\x8A\xCF\x8D\xC9\xD2 \xC4\xC1\xD2 \xE8\xD5\x8D\xC1\xCE\xC4",
       "Ҷанозаи муҳоҷир дар Хуҷанд", "koi8-t"},
      {"kz-1048", "\x8D\xE0\xE7\xE0\x9D\xF1\xF2\xE0\xED \xBC\xF1\xEA\xE5\xF0\xB3 \xA2\xEB\xF2\xF2\xFB\x9D",
       "Қазақстан әскері ұлттық", "kz-1048"},
      {"PT154", "\x8D\xE0\xE7\xE0\x9D\xF1\xF2\xE0\xED \xBA\xF1\xEA\xE5\xF0\xB3 \xB1\xEB\xF2\xF2\xFB\x9D",
       "Қазақстан әскері ұлттық", "ptcp154"},
  };
  for (const auto& c : cases) {
    const std::string head = std::string("<?xml version=\"1.0\" encoding=\"") + c.label + "\"?><t>";
    auto decoded = decode_document(head + c.bytes + "</t>", "");
    ASSERT_TRUE(decoded.ok()) << c.label;
    EXPECT_EQ(decoded->encoding, c.encoding);
    EXPECT_EQ(decoded->utf8, head + c.text + "</t>") << c.label;
    EXPECT_FALSE(decoded->corrected) << c.label;
    // The same declared in the HTTP header.
    auto by_header =
        decode_document(std::string("<t>") + c.bytes + "</t>", std::string("text/xml; charset=") + c.label);
    ASSERT_TRUE(by_header.ok()) << c.label;
    EXPECT_EQ(by_header->utf8, std::string("<t>") + c.text + "</t>") << c.label;
  }
  // A byte KOI8-T leaves undefined is not KOI8-T: the bytes are detected instead.
  auto bad = decode_document("<?xml version=\"1.0\" encoding=\"koi8-t\"?><t>\x88\xC1</t>", "");
  ASSERT_TRUE(bad.ok());
  EXPECT_TRUE(bad->corrected);
}

TEST(DocumentDecoderTest, Windows1252PunctuationAsC1ControlsIsMapped) {
  // "don’t" converted from cp1252 as if it were Latin-1: U+0092 in UTF-8.
  auto decoded = decode_document("<?xml version=\"1.0\"?><t>don\xC2\x92t \xC2\x93ok\xC2\x94 \xC2\x9D</t>", "");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->utf8, "<?xml version=\"1.0\"?><t>don\u2019t \u201Cok\u201D \xC2\x9D</t>");
  EXPECT_FALSE(decoded->corrected);
  // EBCDIC's newline (U+0085) is not an ellipsis.
  const auto ebcdic = encode("<?xml version=\"1.0\" encoding=\"ibm037\"?><t>a\u0085b</t>", "ibm037");
  auto newline = decode_document(ebcdic, "");
  ASSERT_TRUE(newline.ok());
  EXPECT_NE(newline->utf8.find("a\u0085b"), std::string::npos);
}

}  // namespace
}  // namespace khabar::parse
