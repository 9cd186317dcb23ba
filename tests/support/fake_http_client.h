// An HttpClient that answers from a table and records every request.
#pragma once

#include <map>
#include <mutex>
#include <vector>

#include "fetch/http_client.h"

namespace khabar::testing {

class FakeHttpClient : public fetch::HttpClient {
 public:
  void respond(const std::string& url, Result<fetch::HttpResponse> response) {
    std::lock_guard lock(mutex_);
    responses_.insert_or_assign(url, std::move(response));
  }

  Result<fetch::HttpResponse> perform(const fetch::HttpRequest& request) override {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    auto it = responses_.find(request.url);
    if (it == responses_.end()) return make_error(ErrorKind::kTransient, "Couldn't resolve host name");
    auto response = it->second;
    if (response.ok() && response->effective_url.empty()) response->effective_url = request.url;
    return response;
  }

  std::vector<fetch::HttpRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, Result<fetch::HttpResponse>> responses_;
  std::vector<fetch::HttpRequest> requests_;
};

inline fetch::HttpResponse ok_response(std::string body, std::string content_type = "application/rss+xml") {
  fetch::HttpResponse response;
  response.status = 200;
  response.body = std::move(body);
  response.content_type = std::move(content_type);
  return response;
}

}  // namespace khabar::testing

#include "fetch/async_http_client.h"
#include "util/asio.h"

namespace khabar::testing {

// An AsyncHttpClient over a FakeHttpClient: answers from its table, on the
// loop, like the real one would.
class FakeAsyncHttpClient : public fetch::AsyncHttpClient {
 public:
  FakeAsyncHttpClient(asio::io_context& loop, FakeHttpClient& table) : loop_(loop), table_(table) {}

  void start(fetch::HttpRequest request, Callback done) override {
    ++in_flight_;
    asio::post(loop_, [this, request = std::move(request), done = std::move(done)] {
      auto response = table_.perform(request);
      --in_flight_;
      done(std::move(response));
    });
  }
  size_t in_flight() const override { return in_flight_; }

 private:
  asio::io_context& loop_;
  FakeHttpClient& table_;
  size_t in_flight_ = 0;
};

}  // namespace khabar::testing
