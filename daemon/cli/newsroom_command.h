// The newsroom pages as commands start them (`run`, `demo`), and `passwd`.
#pragma once

#include <memory>
#include <string>

#include "config/config.h"
#include "util/asio.h"
#include "web/router.h"
#include "web/sessions.h"
#include "web/web_server.h"

namespace khabar::cli {

// The router and the server that hands it requests; the server goes first.
struct NewsroomSite {
  std::unique_ptr<web::Router> router;
  std::unique_ptr<web::WebServer> server;
  NewsroomSite() = default;
  NewsroomSite(NewsroomSite&&) = default;
  NewsroomSite& operator=(NewsroomSite&&) = default;
  ~NewsroomSite() { server.reset(); }
};

// Serves the newsroom on `loop` at `listen` (config.web.listen when empty);
// an empty site when neither is set. TLS with config.web's files.
// Blocking work runs on `pool` when given (the daemon's one pool).
Result<NewsroomSite> start_newsroom(asio::io_context& loop, const config::Config& config, web::SessionStore& sessions,
                                    web::LoginThrottle& throttle, const std::string& listen = "",
                                    asio::thread_pool* pool = nullptr);

// `khabar passwd`: a password from standard input (not echoed on a
// terminal) to an Argon2id hash on standard output, for [[web.user]].
int passwd_command();

}  // namespace khabar::cli
