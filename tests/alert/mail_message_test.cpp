#include "alert/mail_message.h"

#include <gtest/gtest.h>

namespace khabar::alert {
namespace {

TEST(MailMessageTest, EncodesNonAsciiHeadersPerRfc2047) {
  EXPECT_EQ(encode_header_word("plain subject"), "plain subject");
  const auto encoded = encode_header_word("[khabar] Вербовка мигрантов в Сахарово");
  EXPECT_EQ(encoded.rfind("=?UTF-8?B?", 0), 0u);
  EXPECT_EQ(encoded.find("Вербовка"), std::string::npos);
}

TEST(MailMessageTest, IsMultipartAlternativeWithTheHeadersFiltersNeed) {
  Report report;
  report.rule = "recruits";
  report.feed = "azattyk";
  report.title = "Вербовка мигрантов";
  report.link = "https://rus.azattyk.org/a/1.html";
  const AlertMessage alert{MessageKind::kAlert, 42, "newsroom", {{1, {report}}}, {}};
  const auto mail =
      compose_alert_mail({"khabar <khabar@example.org>", {"desk@example.org"}, "newsroom.khabar"}, alert, 1764028800);
  for (const char* header :
       {"From: khabar <khabar@example.org>\r\n", "To: desk@example.org\r\n",
        "Date: Tue, 25 Nov 2025 00:00:00 +0000\r\n", "Message-ID: <alert-42.1764028800@example.org>\r\n",
        "List-Id: khabar alerts <newsroom.khabar>\r\n", "MIME-Version: 1.0\r\n", "Content-Type: multipart/alternative;",
        "Content-Type: text/plain; charset=UTF-8", "Content-Type: text/html; charset=UTF-8"}) {
    EXPECT_NE(mail.find(header), std::string::npos) << header;
  }
}

// The text part, decoded: base64 lines between the text/plain header and the next boundary.
std::string decoded_text_part(const std::string& mail);

TEST(MailMessageTest, ADigestListsStoriesWithSourcesLanguagesRulesTermsAndLinks) {
  Report a{1,
           "recruits",
           {"вербовка", "мигрант"},
           "azattyk",
           "KG",
           "Вербовка мигрантов",
           "https://rus.azattyk.org/a/1.html",
           std::nullopt,
           "ru",
           1764028800};
  Report b{2,
           "recruits",
           {"ёлланма"},
           "ozodlik",
           "UZ",
           "Ёлланма аскарлар",
           "https://www.ozodlik.org/a/2.html",
           std::nullopt,
           "uz-Cyrl",
           std::nullopt};
  Report c{3,
           "deaths",
           {"похороны"},
           "asia-plus",
           "TJ",
           "Похороны в Худжанде",
           "https://asiaplustj.info/3",
           std::nullopt,
           "ru",
           std::nullopt};
  const AlertMessage digest{MessageKind::kDigest, 9, "desk", {{10, {a, b}}, {11, {c}}}, {}};
  const auto mail =
      compose_alert_mail({"khabar <khabar@example.org>", {"desk@example.org"}, "desk.khabar"}, digest, 1764028800);
  EXPECT_NE(mail.find("Subject: [khabar] Digest: 2 stories, 3 reports\r\n"), std::string::npos);
  EXPECT_NE(mail.find("Message-ID: <digest-9.1764028800@example.org>"), std::string::npos);
  const auto text = decoded_text_part(mail);
  for (const char* expected : {"1. Вербовка мигрантов", "azattyk (ru), KG · recruits", "ozodlik (uz-Cyrl), UZ",
                               "https://www.ozodlik.org/a/2.html", "Matched: вербовка, мигрант",
                               "2. Похороны в Худжанде", "asia-plus (ru), TJ · deaths"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
}

std::string base64_decode(const std::string& in) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0, value = 0;
  for (const char c : in) {
    const auto at = kAlphabet.find(c);
    if (at == std::string::npos) continue;
    value = (value << 6) | static_cast<int>(at);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xFF);
    }
  }
  return out;
}

std::string decoded_text_part(const std::string& mail) {
  const auto start = mail.find("\r\n\r\n", mail.find("Content-Type: text/plain"));
  const auto end = mail.find("--", start);
  return base64_decode(mail.substr(start, end - start));
}

}  // namespace
}  // namespace khabar::alert
