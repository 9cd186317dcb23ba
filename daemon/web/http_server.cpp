#include "web/http_server.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>
#include <optional>

namespace khabar::web {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kReadDeadline = std::chrono::seconds(10);
constexpr std::uint64_t kMaxRequestBytes = 1 << 20;

// One connection: read a request, answer, repeat while kept alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<const Handler> handler)
      : stream_(std::move(socket)), handler_(std::move(handler)) {}

  void read() {
    parser_.emplace();
    parser_->body_limit(kMaxRequestBytes);
    stream_.expires_after(kReadDeadline);
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code error, std::size_t) {
      if (!error) self->answer();
    });
  }

 private:
  void answer() {
    const auto& message = parser_->get();
    Request request{std::string(message.method_string()), std::string(message.target()), message.body(), {}, {}};
    for (const auto& field : message) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      request.headers[name] = std::string(field.value());
    }
    const auto result = (*handler_)(request);
    response_.emplace(static_cast<http::status>(result.status), message.version());
    response_->set(http::field::server, "khabar");
    response_->set(http::field::content_type, result.content_type);
    response_->keep_alive(message.keep_alive());
    response_->body() = result.body;
    response_->prepare_payload();
    http::async_write(stream_, *response_, [self = shared_from_this()](beast::error_code error, std::size_t) {
      if (error || !self->response_->keep_alive()) {
        self->stream_.socket().shutdown(tcp::socket::shutdown_send, error);
        return;
      }
      self->read();
    });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<const Handler> handler_;  // shared: a session may outlive the server
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> response_;
};

}  // namespace

struct HttpServer::State : std::enable_shared_from_this<State> {
  State(asio::io_context& loop, Handler h) : acceptor(loop), handler(std::make_shared<const Handler>(std::move(h))) {}
  tcp::acceptor acceptor;
  std::shared_ptr<const Handler> handler;

  void accept() {
    acceptor.async_accept([self = shared_from_this()](beast::error_code error, tcp::socket socket) {
      if (error) return;  // stopped
      std::make_shared<Session>(std::move(socket), self->handler)->read();
      self->accept();
    });
  }
};

Result<std::unique_ptr<HttpServer>> HttpServer::start(asio::io_context& loop, const std::string& address,
                                                      unsigned short port, Handler handler) {
  auto state = std::make_shared<State>(loop, std::move(handler));
  beast::error_code error;
  const auto ip = asio::ip::make_address(address, error);
  if (error) return make_error(ErrorKind::kInvalidConfig, "\"" + address + "\" is not an IP address");
  const tcp::endpoint endpoint(ip, port);
  state->acceptor.open(endpoint.protocol(), error);
  if (!error) state->acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) state->acceptor.bind(endpoint, error);
  if (!error) state->acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return make_error(ErrorKind::kIo, "cannot listen on " + address + ":" + std::to_string(port) + ": " + error.message());
  }
  state->accept();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(state)));
}

HttpServer::~HttpServer() { stop(); }

unsigned short HttpServer::port() const { return state_->acceptor.local_endpoint().port(); }

void HttpServer::stop() {
  beast::error_code ignored;
  state_->acceptor.close(ignored);
}

}  // namespace khabar::web
