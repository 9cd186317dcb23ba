// Sending one e-mail through an SMTP server with libcurl: smtp:// with
// STARTTLS (required unless turned off), or smtps://; AUTH when a user is given.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "util/result.h"

namespace khabar::fetch {

struct SmtpRequest {
  std::string url;   // smtp://host:port or smtps://host:port
  std::string from;  // the envelope sender: an address, or "Name <address>"
  std::vector<std::string> to;
  std::string username;
  std::string password;
  std::string ca_file;   // extra CA to trust (a private server's)
  bool starttls = true;  // smtp:// only
  std::chrono::seconds timeout{30};
  std::string message;                       // RFC 5322, CRLF line endings
  const std::atomic<bool>* abort = nullptr;  // the session stops once this turns true
};

// kTransient for what may pass (connection, timeouts, 4xx replies), kPermanent
// for what will not (5xx replies such as an unknown recipient). The message
// names the server's reply, never the password.
Status send_mail(const SmtpRequest& request);

}  // namespace khabar::fetch
