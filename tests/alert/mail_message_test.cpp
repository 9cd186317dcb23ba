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
  AlertMessage alert;
  alert.id = 42;
  alert.rule = "recruits";
  alert.feed = "azattyk";
  alert.title = "Вербовка мигрантов";
  alert.link = "https://rus.azattyk.org/a/1.html";
  const auto mail = compose_alert_mail({"khabar <khabar@example.org>", {"desk@example.org"}, "newsroom.khabar"}, alert,
                                       1764028800);
  for (const char* header : {"From: khabar <khabar@example.org>\r\n", "To: desk@example.org\r\n",
                             "Date: Tue, 25 Nov 2025 00:00:00 +0000\r\n",
                             "Message-ID: <alert-42.1764028800@example.org>\r\n",
                             "List-Id: khabar alerts <newsroom.khabar>\r\n", "MIME-Version: 1.0\r\n",
                             "Content-Type: multipart/alternative;", "Content-Type: text/plain; charset=UTF-8",
                             "Content-Type: text/html; charset=UTF-8"}) {
    EXPECT_NE(mail.find(header), std::string::npos) << header;
  }
}

}  // namespace
}  // namespace khabar::alert
