// One libcurl easy transfer: options from an HttpRequest, the response
// gathered through the write and header callbacks, and a Result at the end.
// Shared by the blocking and the event-loop clients.
#pragma once

#include <curl/curl.h>

#include <atomic>
#include <memory>
#include <string>

#include "fetch/http_client.h"

namespace khabar::fetch {

struct CurlTransferOptions {
  bool follow_redirects = true;  // false: the caller follows them, to tell permanent from temporary
  long low_speed_bytes_per_second = 64;
  long low_speed_seconds = 20;
};

class CurlTransfer {
 public:
  CurlTransfer(const HttpRequest& request, const std::string& user_agent, const CurlTransferOptions& options);
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;

  CURL* handle() const { return easy_.get(); }
  // The outcome once libcurl reports `code` for this transfer.
  Result<HttpResponse> finish(CURLcode code);
  // Where a 3xx response points, when libcurl was told not to follow it.
  std::optional<std::string> redirect_target() const;

 private:
  static size_t on_body(char* data, size_t size, size_t count, void* self);
  static size_t on_header(char* data, size_t size, size_t count, void* self);

  struct EasyCleanup {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
  };
  struct SlistCleanup {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
  };
  std::unique_ptr<CURL, EasyCleanup> easy_;
  std::unique_ptr<curl_slist, SlistCleanup> headers_;
  HttpRequest request_;
  HttpResponse response_;
  bool too_large_ = false;
};

// curl_global_init, once per process.
void init_curl_once();

// Makes the transfer on `handle` stop, within about a second, once `*flag`
// turns true (libcurl then reports CURLE_ABORTED_BY_CALLBACK). Null: never.
void abort_when(CURL* handle, const std::atomic<bool>* flag);

}  // namespace khabar::fetch
