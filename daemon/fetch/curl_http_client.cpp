#include "fetch/curl_http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include "khabar_version.h"

namespace khabar::fetch {
namespace {

struct EasyCleanup {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistCleanup {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct Transfer {
  HttpResponse response;
  std::size_t max_body_bytes = 0;
  bool too_large = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  if (transfer->response.body.size() + bytes > transfer->max_body_bytes) {
    transfer->too_large = true;
    return 0;  // aborts the transfer
  }
  transfer->response.body.append(data, bytes);
  return bytes;
}

std::string trim(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  const auto start = text.find_first_not_of(" \t");
  return start == std::string::npos ? std::string() : text.substr(start);
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* response = &static_cast<Transfer*>(user)->response;
  const std::string line(data, size * count);
  const auto colon = line.find(':');
  if (line.rfind("HTTP/", 0) == 0) {  // a new response after a redirect: forget the old headers
    response->etag.reset(), response->last_modified.reset(), response->retry_after.reset();
    response->content_type.clear();
  }
  if (colon == std::string::npos) return size * count;
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto value = trim(line.substr(colon + 1));
  if (name == "etag") response->etag = value;
  else if (name == "last-modified") response->last_modified = value;
  else if (name == "retry-after") response->retry_after = value;
  else if (name == "content-type") response->content_type = value;
  return size * count;
}

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::string user_agent(const std::string& contact) {
  std::string agent = std::string("khabar/") + kKhabarVersion;
  return contact.empty() ? agent : agent + " (+" + contact + ")";
}

CurlHttpClient::CurlHttpClient(std::string user_agent) : user_agent_(std::move(user_agent)) { global_init_once(); }

Result<HttpResponse> CurlHttpClient::perform(const HttpRequest& request) {
  std::unique_ptr<CURL, EasyCleanup> curl(curl_easy_init());
  if (!curl) return make_error(ErrorKind::kTransient, "cannot create a libcurl handle");
  Transfer transfer;
  transfer.max_body_bytes = request.max_body_bytes;
  std::unique_ptr<curl_slist, SlistCleanup> headers;
  auto add_header = [&](const std::string& header) {
    headers.reset(curl_slist_append(headers.release(), header.c_str()));
  };
  for (const auto& [name, value] : request.headers) add_header(name + ": " + value);
  if (request.etag) add_header("If-None-Match: " + *request.etag);
  if (request.last_modified) add_header("If-Modified-Since: " + *request.last_modified);

  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_USERAGENT, user_agent_.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_body_bytes));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
  if (request.method == "POST") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }

  const CURLcode code = curl_easy_perform(h);
  if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    return make_error(ErrorKind::kTransient,
                      "response body over the limit of " + std::to_string(request.max_body_bytes) + " bytes");
  }
  if (code != CURLE_OK) return make_error(ErrorKind::kTransient, curl_easy_strerror(code));
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &transfer.response.status);
  char* effective = nullptr;
  curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective);
  transfer.response.effective_url = effective ? effective : request.url;
  return std::move(transfer.response);
}

}  // namespace khabar::fetch
