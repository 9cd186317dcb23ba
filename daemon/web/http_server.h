// A small HTTP/1.1 server on the Asio loop (Boost.Beast), for khabar's own
// endpoints: Prometheus metrics and a health check, and the demo's local
// feed server. Bound to loopback unless told otherwise; every read has a
// deadline and a size limit.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "util/asio.h"
#include "util/result.h"

namespace khabar::web {

struct Request {
  std::string method;
  std::string target;  // path and query
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-case
  std::string remote;                          // the client's address (the newsroom server fills it)
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers = {};  // more fields (Set-Cookie, Location, ...)
};

using Handler = std::function<Response(const Request&)>;

class HttpServer {
 public:
  // Listens on address:port (port 0: any free port). Handlers run on the
  // loop's thread and must not block.
  static Result<std::unique_ptr<HttpServer>> start(asio::io_context& loop, const std::string& address,
                                                   unsigned short port, Handler handler);
  ~HttpServer();
  unsigned short port() const;
  void stop();

 private:
  struct State;
  explicit HttpServer(std::shared_ptr<State> state) : state_(std::move(state)) {}
  std::shared_ptr<State> state_;
};

}  // namespace khabar::web
