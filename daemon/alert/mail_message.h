// Alert e-mails as RFC 5322 / MIME messages: multipart/alternative with a
// text and an HTML part, UTF-8 headers encoded per RFC 2047, Message-ID,
// Date and a List-Id for filtering. Pure: the caller passes the time.
#pragma once

#include <string>
#include <vector>

#include "alert/notifier.h"

namespace khabar::alert {

struct MailEnvelope {
  std::string from;  // "khabar <khabar@example.org>"
  std::vector<std::string> to;
  std::string list_id;  // e.g. "newsroom.khabar" (the channel)
};

// The whole message, CRLF line endings, ready for SMTP DATA.
std::string compose_alert_mail(const MailEnvelope& envelope, const AlertMessage& alert, UnixTime now);

// "=?UTF-8?B?...?=" when the text is not plain ASCII, else the text.
std::string encode_header_word(const std::string& text);

}  // namespace khabar::alert
