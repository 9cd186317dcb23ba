#include "cli/newsroom_command.h"

#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "cli/commands.h"
#include "web/password.h"

namespace khabar::cli {

Result<NewsroomSite> start_newsroom(asio::io_context& loop, const config::Config& config, web::SessionStore& sessions,
                                    web::LoginThrottle& throttle, const std::string& listen, asio::thread_pool* pool) {
  const auto address = listen.empty() ? config.web.listen : listen;
  NewsroomSite site;
  if (address.empty()) return site;
  auto router = web::Router::create(config, sessions, throttle, !config.web.tls_cert.empty(), pool);
  if (!router) return router.error();
  site.router = std::move(*router);
  auto* handler = site.router.get();
  auto server = web::WebServer::start(loop, address,
                                      [handler](web::Request request) { return handler->handle(std::move(request)); },
                                      {}, {config.web.tls_cert, config.web.tls_key});
  if (!server) return server.error();
  site.server = std::move(*server);
  spdlog::info("newsroom on {}://{}/", config.web.tls_cert.empty() ? "http" : "https", address);
  return site;
}

namespace {

// One line from standard input; not echoed when it is a terminal.
std::string read_secret_line(bool terminal) {
  termios saved{};
  if (terminal) {
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

int passwd_command() {
  const bool terminal = isatty(STDIN_FILENO) != 0;
  if (terminal) std::cerr << "Password: ";
  const auto password = read_secret_line(terminal);
  if (terminal) {
    std::cerr << "Again: ";
    if (read_secret_line(terminal) != password) {
      std::cerr << "passwd: the two passwords differ\n";
      return kExitUsage;
    }
  }
  if (password.size() < 8) {
    std::cerr << "passwd: use at least 8 characters\n";
    return kExitUsage;
  }
  auto hash = web::hash_password(password);
  if (!hash) {
    std::cerr << "passwd: " << hash.error().message << "\n";
    return kExitFailure;
  }
  std::cout << *hash << "\n";
  return kExitOk;
}

}  // namespace khabar::cli
