#include "web/http_server.h"

#include "web/web_server.h"

namespace khabar::web {
namespace {

// Not a lambda: a coroutine's frame must own what it uses, and a lambda's
// captures belong to the closure, not to the frame.
asio::awaitable<Response> answer_now(std::shared_ptr<const Handler> handler, Request request) {
  co_return (*handler)(request);
}

}  // namespace

// The same server as the newsroom's (its bounds, its connection cap, its
// accept loop that survives running out of descriptors), with a handler
// that answers at once.
struct HttpServer::State {
  std::unique_ptr<WebServer> server;
};

Result<std::unique_ptr<HttpServer>> HttpServer::start(asio::io_context& loop, const std::string& address,
                                                      unsigned short port, Handler handler) {
  auto shared = std::make_shared<const Handler>(std::move(handler));
  ServerLimits limits;
  limits.body_bytes = 1 << 20;  // the demo's receiver takes whole alert bodies
  auto server = WebServer::start(
      loop, ListenAddress{address, port}, [shared](Request request) { return answer_now(shared, std::move(request)); },
      limits);
  if (!server) return server.error();
  auto state = std::make_shared<State>();
  state->server = std::move(*server);
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(state)));
}

HttpServer::~HttpServer() { stop(); }

unsigned short HttpServer::port() const { return state_->server->port(); }

void HttpServer::stop() { state_->server->stop(); }

}  // namespace khabar::web
