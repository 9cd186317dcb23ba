// The newsroom's one place for routing, logging in and out, sessions, roles
// and CSRF. Every request is a coroutine on the io_context; every archive
// access runs on a strand of the router's own small pool, over the router's
// own connection (WAL: reads beside the ingest; the few writes, labels and
// cases, wait on SQLite's busy timeout), and password checks run on that
// pool too. Sessions and the login throttle live outside the router so a
// configuration reload keeps them.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "config/config.h"
#include "match/query.h"
#include "store/newsroom.h"
#include "util/asio.h"
#include "web/export.h"
#include "web/filters.h"
#include "web/http_server.h"
#include "web/page.h"
#include "web/sessions.h"

namespace khabar::web {

struct WorkbenchView;

inline constexpr const char* kSessionCookie = "khabar_session";
inline constexpr const char* kLoginCookie = "khabar_login";
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self';"
    " frame-ancestors 'none'; base-uri 'none'";

class Router {
 public:
  // `config` (users, rules, lists, glosses, feeds) and the stores must
  // outlive the router. `tls`: cookies are Secure. Blocking work (the
  // archive, password checks) runs on `pool`, the daemon's one pool, which
  // its owner joins before the router goes; without one the router keeps a
  // small pool of its own (tests, the demo).
  static Result<std::unique_ptr<Router>> create(const config::Config& config, SessionStore& sessions,
                                                LoginThrottle& throttle, bool tls, asio::thread_pool* pool = nullptr);
  ~Router();
  asio::awaitable<Response> handle(Request request);

 private:
  // One request: its parts, and its session once known.
  struct Call {
    Request request;
    std::string path;
    Params query;
    Params form;  // a POST's body
    std::map<std::string, std::string> cookies;
    const Session* session = nullptr;
    Viewer viewer;
    std::string client;   // the address the throttle counts
    bool secure = false;  // over TLS here or at the proxy
  };
  Router(const config::Config& config, SessionStore& sessions, LoginThrottle& throttle, bool tls,
         store::Newsroom newsroom, asio::thread_pool* pool);

  asio::awaitable<Response> route(Call& call);
  asio::awaitable<Response> route_page(Call& call);
  asio::awaitable<Response> login(Call& call);
  Response logout(Call& call);
  Response login_form(const Call& call, const std::string& error, int status, const std::string& user = "");
  std::optional<std::string> refuse_post(const Call& call) const;

  asio::awaitable<Response> stories(Call& call);
  asio::awaitable<Response> story(Call& call, std::int64_t id);
  asio::awaitable<Response> item(Call& call, std::int64_t id);
  asio::awaitable<Response> mark(Call& call, const std::string& what, std::int64_t id);
  asio::awaitable<Response> record_case(Call& call, std::int64_t story_id);
  asio::awaitable<Response> search(Call& call);
  asio::awaitable<Response> export_search(Call& call, const std::string& format);
  asio::awaitable<Response> rules(Call& call);
  asio::awaitable<Response> workbench(Call& call);
  void try_draft(const ParsedFilters& parsed, WorkbenchView& view);
  asio::awaitable<Response> cases(Call& call, bool csv);
  asio::awaitable<Response> sources(Call& call);

  // Results of a search from `before` on: at most `want` (0: all), reading
  // at most `scan` candidates (0: no limit); `next` is where to go on.
  struct Collected {
    std::vector<SearchResult> results;
    std::optional<std::int64_t> next;
    std::string error;
  };
  Collected collect(const ParsedFilters& filters, std::optional<std::int64_t> before, size_t want, size_t scan);
  Response page(const Call& call, const Page& page, const std::string& section) const;

  const config::Config& config_;
  SessionStore& sessions_;
  LoginThrottle& throttle_;
  bool tls_;
  store::Newsroom newsroom_;
  Glossary glossary_;
  match::TermLists lists_;
  FilterChoices choices_;
  std::once_flag decoy_made_;
  std::string decoy_hash_;                       // verified for unknown users, so their logins take as long
  int verifying_ = 0;                            // password checks in flight
  std::unique_ptr<asio::thread_pool> own_pool_;  // only without a shared one
  asio::thread_pool& pool_;
  asio::strand<asio::thread_pool::executor_type> db_{pool_.get_executor()};
};

}  // namespace khabar::web
