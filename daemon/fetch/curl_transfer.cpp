#include "fetch/curl_transfer.h"

#include <algorithm>
#include <cctype>
#include <mutex>

namespace khabar::fetch {
namespace {

std::string trim(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  const auto start = text.find_first_not_of(" \t");
  return start == std::string::npos ? std::string() : text.substr(start);
}

}  // namespace

void abort_when(CURL* handle, const std::atomic<bool>* flag) {
  if (!flag) return;
  auto progress = [](void* data, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> int {
    return static_cast<const std::atomic<bool>*>(data)->load() ? 1 : 0;
  };
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, static_cast<curl_xferinfo_callback>(progress));
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(flag));
}

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlTransfer::CurlTransfer(const HttpRequest& request, const std::string& user_agent,
                           const CurlTransferOptions& options)
    : easy_(curl_easy_init()), request_(request) {
  auto add_header = [&](const std::string& header) {
    headers_.reset(curl_slist_append(headers_.release(), header.c_str()));
  };
  for (const auto& [name, value] : request_.headers) add_header(name + ": " + value);
  if (request_.etag) add_header("If-None-Match: " + *request_.etag);
  if (request_.last_modified) add_header("If-Modified-Since: " + *request_.last_modified);

  CURL* h = easy_.get();
  curl_easy_setopt(h, CURLOPT_URL, request_.url.c_str());
  curl_easy_setopt(h, CURLOPT_USERAGENT, user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, options.follow_redirects ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(h, CURLOPT_PIPEWAIT, 1L);  // prefer waiting for a multiplexed connection
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, std::min(10L, static_cast<long>(request_.timeout.count())));
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(request_.timeout.count()));
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes_per_second);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, options.low_speed_seconds);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request_.max_body_bytes));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers_.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(h, CURLOPT_PRIVATE, this);
  abort_when(h, request_.abort);
  if (request_.method == "PUT") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
  if (request_.method == "POST" || request_.method == "PUT") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request_.body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request_.body.size()));
  }
}

size_t CurlTransfer::on_body(char* data, size_t size, size_t count, void* self) {
  auto* transfer = static_cast<CurlTransfer*>(self);
  const size_t bytes = size * count;
  // Counts decoded bytes, so a compression bomb stops at the limit too.
  if (transfer->response_.body.size() + bytes > transfer->request_.max_body_bytes) {
    transfer->too_large_ = true;
    return 0;  // aborts the transfer
  }
  transfer->response_.body.append(data, bytes);
  return bytes;
}

size_t CurlTransfer::on_header(char* data, size_t size, size_t count, void* self) {
  auto& response = static_cast<CurlTransfer*>(self)->response_;
  const std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after 1xx or a redirect): forget the old headers
    response.etag.reset(), response.last_modified.reset(), response.retry_after.reset(), response.cache_control.reset();
    response.content_type.clear();
  }
  const auto colon = line.find(':');
  if (colon == std::string::npos) return size * count;
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto value = trim(line.substr(colon + 1));
  if (name == "etag")
    response.etag = value;
  else if (name == "last-modified")
    response.last_modified = value;
  else if (name == "retry-after")
    response.retry_after = value;
  else if (name == "content-type")
    response.content_type = value;
  else if (name == "cache-control")
    response.cache_control = value;
  return size * count;
}

Result<HttpResponse> CurlTransfer::finish(CURLcode code) {
  if (too_large_ || code == CURLE_FILESIZE_EXCEEDED) {
    return Error{ErrorKind::kTransient,
                 "response body over the limit of " + std::to_string(request_.max_body_bytes) + " bytes",
                 CURLE_FILESIZE_EXCEEDED};
  }
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return Error{ErrorKind::kTransient,
                 std::string(curl_easy_strerror(code)) + " (total timeout or a server too slow to send)", code};
  }
  if (code != CURLE_OK) return Error{ErrorKind::kTransient, curl_easy_strerror(code), code};
  curl_easy_getinfo(easy_.get(), CURLINFO_RESPONSE_CODE, &response_.status);
  char* effective = nullptr;
  curl_easy_getinfo(easy_.get(), CURLINFO_EFFECTIVE_URL, &effective);
  response_.effective_url = effective ? effective : request_.url;
  return std::move(response_);
}

std::optional<std::string> CurlTransfer::redirect_target() const {
  char* target = nullptr;
  curl_easy_getinfo(easy_.get(), CURLINFO_REDIRECT_URL, &target);
  if (!target) return std::nullopt;
  return std::string(target);
}

TransferFailure transfer_failure(const Error& error) {
  switch (error.code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransferFailure::kDns;
    case CURLE_OPERATION_TIMEDOUT:
      return TransferFailure::kTimeout;
    case CURLE_FILESIZE_EXCEEDED:
      return TransferFailure::kTooLarge;
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
      return TransferFailure::kConnect;
    default:
      return TransferFailure::kOther;
  }
}

}  // namespace khabar::fetch
