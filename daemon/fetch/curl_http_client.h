#pragma once

#include "fetch/http_client.h"

namespace khabar::fetch {

// HttpClient over libcurl's easy interface: redirects (up to 5), every
// compression libcurl supports, connect and total timeouts, a body cap.
class CurlHttpClient : public HttpClient {
 public:
  explicit CurlHttpClient(std::string user_agent);
  Result<HttpResponse> perform(const HttpRequest& request) override;

 private:
  std::string user_agent_;
};

}  // namespace khabar::fetch
