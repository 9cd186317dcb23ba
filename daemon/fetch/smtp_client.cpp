#include "fetch/smtp_client.h"

#include <curl/curl.h>

#include <memory>

#include "fetch/curl_transfer.h"

namespace khabar::fetch {
namespace {

struct Upload {
  const std::string& data;
  size_t offset = 0;
};

size_t read_message(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->data.size() - upload->offset);
  upload->data.copy(buffer, n, upload->offset);
  upload->offset += n;
  return n;
}

// "Name <a@b>" → "<a@b>"; "a@b" → "<a@b>".
std::string angle_address(const std::string& address) {
  const auto open = address.find('<');
  if (open != std::string::npos) return address.substr(open, address.find('>', open) - open + 1);
  return "<" + address + ">";
}

}  // namespace

Status send_mail(const SmtpRequest& request) {
  init_curl_once();
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return make_error(ErrorKind::kTransient, "cannot create a libcurl handle");
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> recipients(nullptr, curl_slist_free_all);
  for (const auto& to : request.to)
    recipients.reset(curl_slist_append(recipients.release(), angle_address(to).c_str()));
  Upload upload{request.message};
  const auto from = angle_address(request.from);
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  abort_when(h, request.abort);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(request.timeout.count()));
  if (request.url.rfind("smtp://", 0) == 0 && request.starttls) {
    curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));  // STARTTLS or fail
  }
  if (!request.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, request.ca_file.c_str());
  if (!request.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, request.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, request.password.c_str());
  }
  const CURLcode code = curl_easy_perform(h);
  if (code == CURLE_OK) return Status::success();
  long reply = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  auto message = std::string("SMTP: ") + curl_easy_strerror(code) +
                 (reply ? " (server replied " + std::to_string(reply) + ")" : "");
  const bool permanent = reply >= 500 && reply < 600 && code != CURLE_LOGIN_DENIED;
  return make_error(permanent ? ErrorKind::kPermanent : ErrorKind::kTransient, message);
}

}  // namespace khabar::fetch
