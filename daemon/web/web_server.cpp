#include "web/web_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <optional>

#include "util/listen_address.h"

namespace khabar::web {

namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace detail {

struct ServerState {
  ServerState(asio::io_context& loop, AsyncHandler h, const ServerLimits& l)
      : acceptor(loop), accept_pause(loop), handler(std::move(h)), limits(l) {}
  tcp::acceptor acceptor;
  // Made with the server, not when accepting first fails: by then the
  // process may be out of descriptors (and a sanitizer build then reports
  // the timer service's construction as a bad object).
  asio::steady_timer accept_pause;
  AsyncHandler handler;
  ServerLimits limits;
  std::unique_ptr<ssl::context> tls;
  std::size_t connections = 0;
};

}  // namespace detail

namespace {

using asio::awaitable;
using detail::ServerState;

// Counts a connection while it is open.
struct Counted {
  explicit Counted(std::shared_ptr<ServerState> s) : state(std::move(s)) { ++state->connections; }
  ~Counted() { --state->connections; }
  Counted(const Counted&) = delete;
  Counted& operator=(const Counted&) = delete;
  std::shared_ptr<ServerState> state;
};

Request to_request(const http::request<http::string_body>& message, std::string remote) {
  Request request{
      std::string(message.method_string()), std::string(message.target()), message.body(), {}, std::move(remote)};
  for (const auto& field : message) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    request.headers[name] = std::string(field.value());
  }
  return request;
}

http::response<http::string_body> to_response(Response response, unsigned version, bool keep_alive) {
  http::response<http::string_body> reply(static_cast<http::status>(response.status), version);
  reply.set(http::field::server, "khabar");
  reply.set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) reply.insert(name, value);
  reply.keep_alive(keep_alive);
  reply.body() = std::move(response.body);
  reply.prepare_payload();
  return reply;
}

awaitable<Response> answer(ServerState& state, Request request) {
  const auto what = request.method + " " + request.target;
  try {
    co_return co_await state.handler(std::move(request));
  } catch (const std::exception& error) {
    spdlog::error("web: {}: {}", what, error.what());
  }
  co_return Response{500, "text/plain; charset=utf-8", "internal error\n"};
}

// Named locals only, and the reply outside the loop: GCC 12 destroys some
// temporaries of a co_await's full expression twice inside loops.
template <typename Stream>
awaitable<void> serve_requests(std::shared_ptr<ServerState> state, Stream& stream, std::string remote) {
  beast::flat_buffer buffer;
  const auto& limits = state->limits;
  std::optional<http::request_parser<http::string_body>> parser;
  std::optional<http::response<http::string_body>> reply;
  beast::error_code error;
  while (true) {
    parser.emplace();
    parser->header_limit(static_cast<std::uint32_t>(limits.header_bytes));
    parser->body_limit(limits.body_bytes);
    beast::get_lowest_layer(stream).expires_after(limits.deadline);
    co_await http::async_read(stream, buffer, *parser, asio::redirect_error(asio::use_awaitable, error));
    Response response;
    unsigned version = 11;
    bool keep_alive = false;
    if (error == http::error::header_limit) {
      response = Response{431, "text/plain; charset=utf-8", "request header fields too large\n"};
    } else if (error == http::error::body_limit) {
      response = Response{413, "text/plain; charset=utf-8", "request too large\n"};
    } else if (error) {
      co_return;
    } else {
      version = parser->get().version();
      keep_alive = parser->get().keep_alive();
      Request request = to_request(parser->get(), remote);
      response = co_await answer(*state, std::move(request));
    }
    reply.emplace(to_response(std::move(response), version, keep_alive));
    beast::get_lowest_layer(stream).expires_after(limits.deadline);
    co_await http::async_write(stream, *reply, asio::redirect_error(asio::use_awaitable, error));
    if (error || !keep_alive) co_return;
  }
}

std::string remote_of(const tcp::socket& socket) {
  beast::error_code error;
  const auto endpoint = socket.remote_endpoint(error);
  return error ? std::string() : endpoint.address().to_string();
}

awaitable<void> serve_plain(std::shared_ptr<ServerState> state, tcp::socket socket) {
  Counted counted(state);
  auto remote = remote_of(socket);
  beast::tcp_stream stream(std::move(socket));
  co_await serve_requests(state, stream, std::move(remote));
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

awaitable<void> serve_tls(std::shared_ptr<ServerState> state, tcp::socket socket) {
  Counted counted(state);
  auto remote = remote_of(socket);
  beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *state->tls);
  beast::get_lowest_layer(stream).expires_after(state->limits.deadline);
  beast::error_code error;
  co_await stream.async_handshake(ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, error));
  if (error) co_return;
  co_await serve_requests(state, stream, std::move(remote));
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
  co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, error));
}

constexpr std::chrono::milliseconds kFirstAcceptBackoff{20};
constexpr std::chrono::milliseconds kLastAcceptBackoff{1000};

awaitable<void> accept_loop(std::shared_ptr<ServerState> state) {
  auto& pause = state->accept_pause;
  auto backoff = kFirstAcceptBackoff;
  while (state->acceptor.is_open()) {
    beast::error_code error;
    auto socket = co_await state->acceptor.async_accept(asio::redirect_error(asio::use_awaitable, error));
    if (error == asio::error::operation_aborted) co_return;
    if (error) {
      // Out of descriptors (EMFILE), say: the pending connection stays in
      // the backlog, so wait and accept again rather than spin or give up.
      if (backoff == kFirstAcceptBackoff) spdlog::warn("web: accept failed: {}; retrying", error.message());
      pause.expires_after(backoff);
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, error));
      backoff = std::min(backoff * 2, kLastAcceptBackoff);
      continue;
    }
    backoff = kFirstAcceptBackoff;
    if (state->connections >= state->limits.max_connections) {
      socket.close(error);
      continue;
    }
    auto session = state->tls ? serve_tls(state, std::move(socket)) : serve_plain(state, std::move(socket));
    asio::co_spawn(state->acceptor.get_executor(), std::move(session), [](std::exception_ptr failure) {
      if (!failure) return;
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        spdlog::warn("web: connection: {}", e.what());
      }
    });
  }
}

Result<std::unique_ptr<ssl::context>> tls_context(const TlsFiles& tls) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  beast::error_code error;
  context->use_certificate_chain_file(tls.cert, error);
  if (error) return make_error(ErrorKind::kInvalidConfig, "tls_cert " + tls.cert + ": " + error.message());
  context->use_private_key_file(tls.key, ssl::context::pem, error);
  if (error) return make_error(ErrorKind::kInvalidConfig, "tls_key " + tls.key + ": " + error.message());
  return context;
}

}  // namespace

Result<std::unique_ptr<WebServer>> WebServer::start(asio::io_context& loop, const std::string& listen,
                                                    AsyncHandler handler, const ServerLimits& limits,
                                                    const TlsFiles& tls) {
  const auto parsed = parse_listen_address(listen);
  if (!parsed) return make_error(ErrorKind::kInvalidConfig, "\"" + listen + "\" " + parsed.error().message);
  return start(loop, *parsed, std::move(handler), limits, tls);
}

Result<std::unique_ptr<WebServer>> WebServer::start(asio::io_context& loop, const ListenAddress& listen,
                                                    AsyncHandler handler, const ServerLimits& limits,
                                                    const TlsFiles& tls) {
  auto state = std::make_shared<ServerState>(loop, std::move(handler), limits);
  if (!tls.cert.empty()) {
    auto context = tls_context(tls);
    if (!context) return context.error();
    state->tls = std::move(*context);
  }
  const auto& [address, port] = listen;
  beast::error_code error;
  const auto ip = asio::ip::make_address(address, error);
  if (error) return make_error(ErrorKind::kInvalidConfig, "\"" + address + "\" is not an IP address");
  const tcp::endpoint endpoint(ip, port);
  state->acceptor.open(endpoint.protocol(), error);
  if (!error) state->acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) state->acceptor.bind(endpoint, error);
  if (!error) state->acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error)
    return make_error(ErrorKind::kIo,
                      "cannot listen on " + address + ":" + std::to_string(port) + ": " + error.message());
  asio::co_spawn(loop, accept_loop(state), asio::detached);
  return std::unique_ptr<WebServer>(new WebServer(std::move(state)));
}

WebServer::~WebServer() { stop(); }

unsigned short WebServer::port() const {
  beast::error_code error;
  return state_->acceptor.local_endpoint(error).port();
}

void WebServer::stop() {
  beast::error_code ignored;
  state_->acceptor.close(ignored);
}

}  // namespace khabar::web
