// The narrow HTTP interface the rest of khabar sees; libcurl stays behind it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/result.h"

namespace khabar::fetch {

struct HttpRequest {
  std::string method = "GET";  // GET or POST
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::optional<std::string> etag;           // sent as If-None-Match
  std::optional<std::string> last_modified;  // sent as If-Modified-Since
  std::chrono::seconds timeout{30};
  std::size_t max_body_bytes = 16 * 1024 * 1024;
  const std::atomic<bool>* abort = nullptr;  // the request stops once this turns true
  bool follow_redirects = true;              // false: a 3xx is the response (its Location in `location`)
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::string content_type;
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  std::optional<std::string> retry_after;
  std::optional<std::string> cache_control;
  std::string effective_url;            // after redirects
  int redirects = 0;                    // how many were followed
  std::optional<std::string> location;  // a 3xx not followed: where it points
  // Set when every redirect on the way answered 301 or 308: the feed has
  // moved for good and its stored URL should follow.
  std::optional<std::string> moved_permanently_to;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Performs the request. Any HTTP status is a response; failures to get one
  // (DNS, refused, timeout, TLS, body over the limit) are kTransient errors
  // whose message says what happened. Thread-safe.
  virtual Result<HttpResponse> perform(const HttpRequest& request) = 0;
};

// Why a transfer got no response, from the error's library code.
enum class TransferFailure { kDns, kConnect, kTimeout, kTooLarge, kOther };
TransferFailure transfer_failure(const Error& error);

// "khabar/0.1.0 (+https://contact)".
std::string user_agent(const std::string& contact);

}  // namespace khabar::fetch
