// AsyncHttpClient over libcurl's multi interface driven by Boost.Asio:
// curl tells us which sockets to watch (CURLMOPT_SOCKETFUNCTION) and when to
// time out (CURLMOPT_TIMERFUNCTION); the io_context waits on them and calls
// curl_multi_socket_action. One thread drives every transfer; connections
// are reused, HTTP/2 multiplexed where the server offers it.
#pragma once

#include <curl/curl.h>

#include <map>
#include <memory>

#include "fetch/async_http_client.h"
#include "util/asio.h"

namespace khabar::fetch {

struct CurlMultiOptions {
  long max_total_connections = 64;
  long max_host_connections = 2;
  long low_speed_bytes_per_second = 64;  // below this for low_speed_seconds: abort (slow-drip servers)
  long low_speed_seconds = 20;
  int max_redirects = 5;
};

class CurlMultiClient : public AsyncHttpClient {
 public:
  CurlMultiClient(asio::io_context& loop, std::string user_agent, CurlMultiOptions options = {});
  ~CurlMultiClient() override;
  CurlMultiClient(const CurlMultiClient&) = delete;
  CurlMultiClient& operator=(const CurlMultiClient&) = delete;

  // Must be called on the loop's thread.
  void start(HttpRequest request, Callback done) override;
  size_t in_flight() const override { return transfers_.size(); }

 private:
  struct Transfer;
  struct Socket;

  static int on_socket(void* easy, curl_socket_t fd, int what, void* self, void* socket_data);
  static int on_timer(void* multi, long timeout_ms, void* self);
  void watch(Socket& socket, int what);
  void on_ready(curl_socket_t fd, int flags, const boost::system::error_code& error);
  void on_timeout(const boost::system::error_code& error);
  void finish_done_transfers();
  void follow_or_complete(std::unique_ptr<Transfer> transfer, int code);
  void add(std::unique_ptr<Transfer> transfer);

  asio::io_context& loop_;
  std::string user_agent_;
  CurlMultiOptions options_;
  void* multi_;  // CURLM*
  asio::steady_timer timer_;
  std::map<curl_socket_t, std::unique_ptr<Socket>> sockets_;
  std::map<void*, std::unique_ptr<Transfer>> transfers_;  // by CURL*
};

}  // namespace khabar::fetch
