// The fetch engine's interface: transfers started on an event loop and
// completed by a callback on that loop. libcurl stays behind it.
#pragma once

#include <functional>

#include "fetch/http_client.h"

namespace khabar::fetch {

class AsyncHttpClient {
 public:
  using Callback = std::function<void(Result<HttpResponse>)>;
  virtual ~AsyncHttpClient() = default;
  // Starts the transfer and returns at once; `done` runs later on the
  // client's event loop thread, exactly once. Errors are as HttpClient's.
  virtual void start(HttpRequest request, Callback done) = 0;
  // Transfers started and not yet done.
  virtual size_t in_flight() const = 0;
};

}  // namespace khabar::fetch
