#include "alert/mail_message.h"

#include <algorithm>
#include <ctime>

#include "alert/message_text.h"

namespace khabar::alert {
namespace {

std::string base64(const std::string& data) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const auto n = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8) |
                   static_cast<unsigned char>(data[i + 2]);
    out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], kAlphabet[n & 63]};
  }
  if (i + 1 == data.size()) {
    const auto n = static_cast<unsigned char>(data[i]) << 16;
    out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == data.size()) {
    const auto n = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8);
    out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], '='};
  }
  return out;
}

// Base64 body lines of at most 76 characters (RFC 2045).
std::string base64_lines(const std::string& data) {
  const auto encoded = base64(data);
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

std::string rfc822_date(UnixTime now) {
  const std::time_t t = now;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buffer;
}

std::string domain_of(const std::string& from) {
  const auto at = from.rfind('@');
  if (at == std::string::npos) return "khabar.localhost";
  auto domain = from.substr(at + 1);
  return domain.substr(0, domain.find_first_of("> "));
}

}  // namespace

std::string encode_header_word(const std::string& text) {
  const bool ascii = std::all_of(text.begin(), text.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80 && c != '\r' && c != '\n'; });
  if (ascii) return text;
  // Encoded words of at most 75 characters: split at UTF-8 character boundaries.
  std::string out, chunk;
  auto flush = [&] {
    if (chunk.empty()) return;
    out += (out.empty() ? "" : "\r\n ") + std::string("=?UTF-8?B?") + base64(chunk) + "?=";
    chunk.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const bool starts_char = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_char && chunk.size() >= 42) flush();
    if (text[i] != '\r' && text[i] != '\n') chunk += text[i];
  }
  flush();
  return out;
}

std::string compose_alert_mail(const MailEnvelope& envelope, const AlertMessage& alert, UnixTime now) {
  const auto key = idempotency_key(alert);  // khabar-alert-42, khabar-digest-7
  const auto boundary = key + "-" + std::to_string(now);
  std::string to;
  for (const auto& address : envelope.to) to += (to.empty() ? "" : ", ") + address;
  std::string m;
  m += "From: " + envelope.from + "\r\n";
  m += "To: " + to + "\r\n";
  m += "Subject: " + encode_header_word("[khabar] " + headline(alert)) + "\r\n";
  m += "Date: " + rfc822_date(now) + "\r\n";
  m += "Message-ID: <" + key.substr(7) + "." + std::to_string(now) + "@" + domain_of(envelope.from) + ">\r\n";
  m += "List-Id: khabar alerts <" + envelope.list_id + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  m += "--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += base64_lines(plain_text(alert));
  m += "--" + boundary + "\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += base64_lines(html_text(alert));
  m += "--" + boundary + "--\r\n";
  return m;
}

}  // namespace khabar::alert
