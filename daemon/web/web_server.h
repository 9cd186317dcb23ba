// The newsroom's HTTP/1.1 server (Boost.Beast) on the daemon's io_context,
// plain or TLS: each connection is a coroutine, and each request is handed
// to an awaitable handler, which does its blocking work elsewhere and
// resumes on the loop. Bounded: header and body sizes, a deadline on every
// read and write, and a cap on open connections (more are closed at once).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "util/asio.h"
#include "util/listen_address.h"
#include "util/result.h"
#include "web/http_server.h"

namespace khabar::web {

struct ServerLimits {
  std::size_t header_bytes = 8 * 1024;
  std::size_t body_bytes = 64 * 1024;
  std::chrono::seconds deadline{15};  // to read a request, or write a response
  std::size_t max_connections = 64;
};

struct TlsFiles {
  std::string cert;  // PEM certificate chain
  std::string key;   // PEM private key
};

using AsyncHandler = std::function<asio::awaitable<Response>(Request)>;

namespace detail {
struct ServerState;
}

class WebServer {
 public:
  // Listens on `listen` ("ADDRESS:PORT", "[::1]:PORT", as the config
  // writes it); TLS when `tls` has files.
  static Result<std::unique_ptr<WebServer>> start(asio::io_context& loop, const std::string& listen,
                                                  AsyncHandler handler, const ServerLimits& limits = {},
                                                  const TlsFiles& tls = {});
  // The same on an address already parsed; port 0: any free port.
  static Result<std::unique_ptr<WebServer>> start(asio::io_context& loop, const ListenAddress& listen,
                                                  AsyncHandler handler, const ServerLimits& limits = {},
                                                  const TlsFiles& tls = {});
  ~WebServer();
  unsigned short port() const;
  void stop();

 private:
  explicit WebServer(std::shared_ptr<detail::ServerState> state) : state_(std::move(state)) {}
  std::shared_ptr<detail::ServerState> state_;
};

}  // namespace khabar::web
