#include "web/router.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>
#include <set>

#include "service/async.h"
#include "service/rule_book.h"
#include "web/form.h"
#include "web/login_page.h"
#include "web/password.h"

namespace khabar::web {

namespace {

constexpr int kMaxVerifying = 4;

Response text(int status, const std::string& body) { return {status, "text/plain; charset=utf-8", body + "\n"}; }

Response redirect(const std::string& location) {
  Response response{303, "text/plain; charset=utf-8", "see " + location + "\n"};
  response.headers.push_back({"Location", location});
  return response;
}

void protect(Response& response) {
  response.headers.push_back({"Content-Security-Policy", kContentSecurityPolicy});
  response.headers.push_back({"X-Content-Type-Options", "nosniff"});
  response.headers.push_back({"Referrer-Policy", "same-origin"});
  response.headers.push_back({"X-Frame-Options", "DENY"});
  response.headers.push_back({"Cache-Control", "no-store"});
}

std::string cookie(const std::string& name, const std::string& value, const std::string& path, bool secure,
                   const std::string& extra = "") {
  return name + "=" + value + "; Path=" + path + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "") + extra;
}

std::optional<std::int64_t> number(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

// "/item/12/triage" with prefix "/item/" → 12 and rest "/triage".
std::optional<std::pair<std::int64_t, std::string>> id_path(const std::string& path, const std::string& prefix) {
  if (path.rfind(prefix, 0) != 0) return std::nullopt;
  const auto rest = path.substr(prefix.size());
  const auto slash = rest.find('/');
  const auto id = number(rest.substr(0, slash));
  if (!id) return std::nullopt;
  return std::pair{*id, slash == std::string::npos ? std::string() : rest.substr(slash)};
}

std::string host_of(const std::string& origin) {
  const auto scheme = origin.find("://");
  return scheme == std::string::npos ? origin : origin.substr(scheme + 3);
}

FilterChoices choices_of(const config::Config& config) {
  FilterChoices choices;
  for (const auto& rule : config.rules) choices.rules.push_back(rule.name);
  std::set<std::string> countries;
  for (const auto& feed : config.feeds) {
    if (feed.country) countries.insert(*feed.country);
    choices.feeds.push_back(feed.name);
  }
  choices.countries.assign(countries.begin(), countries.end());
  choices.languages = {"en", "kk", "ky", "ru", "tg", "tk", "uz"};
  std::sort(choices.feeds.begin(), choices.feeds.end());
  return choices;
}

}  // namespace

Result<std::unique_ptr<Router>> Router::create(const config::Config& config, SessionStore& sessions,
                                               LoginThrottle& throttle, bool tls, asio::thread_pool* pool) {
  auto newsroom = store::Newsroom::open(config.daemon.database);
  if (!newsroom) return newsroom.error();
  return std::unique_ptr<Router>(new Router(config, sessions, throttle, tls, std::move(*newsroom), pool));
}

Router::Router(const config::Config& config, SessionStore& sessions, LoginThrottle& throttle, bool tls,
               store::Newsroom newsroom, asio::thread_pool* pool)
    : config_(config),
      sessions_(sessions),
      throttle_(throttle),
      tls_(tls),
      newsroom_(std::move(newsroom)),
      glossary_(config.glosses),
      lists_(service::term_lists(config)),
      choices_(choices_of(config)),
      own_pool_(pool ? nullptr : std::make_unique<asio::thread_pool>(2)),
      pool_(pool ? *pool : *own_pool_) {
  sessions_.set_idle(config.web.session_idle);
}

Router::~Router() {
  if (own_pool_) own_pool_->join();
}

asio::awaitable<Response> Router::handle(Request request) {
  Call call;
  std::tie(call.path, std::ignore) = split_target(request.target);
  call.query = Params::parse(split_target(request.target).second);
  call.cookies = parse_cookies(request.headers["cookie"]);
  const auto forwarded_proto = request.headers["x-forwarded-proto"];
  const auto forwarded_for = request.headers["x-forwarded-for"];
  const bool proxied = request.remote == "127.0.0.1" || request.remote == "::1";
  call.secure = tls_ || (proxied && forwarded_proto == "https");
  call.client = proxied && !forwarded_for.empty() ? forwarded_for.substr(forwarded_for.rfind(',') + 1) : request.remote;
  if (request.method == "POST") call.form = Params::parse(request.body);
  call.request = std::move(request);
  auto response = co_await route(call);
  protect(response);
  co_return response;
}

// Public: the stylesheet, the script and the login; everything else needs a
// session, and every POST its CSRF token.
asio::awaitable<Response> Router::route(Call& call) {
  const auto& method = call.request.method;
  if (method == "GET" && call.path == "/static/khabar.css")
    co_return Response{200, "text/css; charset=utf-8", std::string(kStyleSheet.view())};
  if (method == "GET" && call.path == "/static/khabar.js")
    co_return Response{200, "text/javascript; charset=utf-8", std::string(kScript.view())};
  if (method == "GET" && call.path == "/favicon.ico") co_return text(404, "no icon");
  if (method != "GET" && method != "POST") co_return text(405, "GET or POST only");
  if (call.path == "/login") {
    if (method == "GET") co_return login_form(call, "", 200);
    co_return co_await login(call);
  }
  const auto id = call.cookies.find(kSessionCookie);
  if (id != call.cookies.end()) call.session = sessions_.find(id->second, std::chrono::steady_clock::now());
  if (call.session) {
    const auto* user = config_.web.find_user(call.session->user);
    if (!user || user->role != call.session->role) {  // removed or changed by a reload
      sessions_.end(call.session->id);
      call.session = nullptr;
    }
  }
  if (!call.session) {
    if (method == "GET") co_return redirect("/login?next=" + url_encode(call.request.target));
    co_return text(403, "not logged in (or the session has expired): log in again");
  }
  call.viewer = {call.session->user, call.session->role, call.session->csrf};
  if (method == "POST") {
    if (auto refused = refuse_post(call)) co_return text(403, *refused);
    if (call.path == "/logout") co_return logout(call);
  }
  co_return co_await route_page(call);
}

std::optional<std::string> Router::refuse_post(const Call& call) const {
  if (!same_secret(call.form.get("csrf"), call.session->csrf))
    return "refused: the form's CSRF token is missing or wrong";
  const auto origin = call.request.headers.find("origin");
  const auto host = call.request.headers.find("host");
  if (origin != call.request.headers.end() && origin->second != "null" && host != call.request.headers.end() &&
      host_of(origin->second) != host->second) {
    return "refused: the form was sent from another site";
  }
  return std::nullopt;
}

// GCC 12 mishandles temporaries inside a co_await's full expression (a
// conditional operator, a string built in the call): each co_await here
// awaits a plain call with named arguments.
asio::awaitable<Response> Router::route_page(Call& call) {
  const auto& path = call.path;
  const bool get = call.request.method == "GET";
  if (get && path == "/") co_return redirect("/stories");
  if (get && path == "/stories") co_return co_await stories(call);
  if (get && path == "/search") co_return co_await search(call);
  if (get && (path == "/search.csv" || path == "/search.json" || path == "/search.atom")) {
    const std::string format = path.substr(path.rfind('.') + 1);
    co_return co_await export_search(call, format);
  }
  if (get && path == "/rules") co_return co_await rules(call);
  if (get && path == "/rules/workbench") co_return co_await workbench(call);
  const bool csv = path == "/cases.csv";
  if (get && (path == "/cases" || csv)) co_return co_await cases(call, csv);
  if (get && path == "/sources") co_return co_await sources(call);
  const auto report = id_path(path, "/item/");
  const auto story_target = id_path(path, "/story/");
  const std::string what = report ? "report" : "story";
  const auto target = report ? report : story_target;
  if (target) {
    const std::int64_t id = target->first;
    const std::string rest = target->second;
    if (get && rest.empty() && report) co_return co_await item(call, id);
    if (get && rest.empty()) co_return co_await story(call, id);
    if (!get && rest == "/triage") co_return co_await mark(call, what, id);
    if (!get && rest == "/case" && !report) co_return co_await record_case(call, id);
  }
  Page missing{"Not found", Html().element("p", "There is no page here.").take(), 404};
  co_return page(call, missing, "");
}

Response Router::page(const Call& call, const Page& page, const std::string& section) const {
  return {page.status, "text/html; charset=utf-8", document(page, &call.viewer, section)};
}

Response Router::login_form(const Call& call, const std::string& error, int status, const std::string& user) {
  // A token the browser already holds is kept: a second tab, or a request
  // for /favicon.ico, must not void the form on screen.
  const auto held = call.cookies.find(kLoginCookie);
  const bool reuse = held != call.cookies.end() && held->second.size() == 64 &&
                     held->second.find_first_not_of("0123456789abcdef") == std::string::npos;
  LoginView view{user, error, reuse ? held->second : random_token(),
                 call.query.get("next").empty() ? call.form.get("next") : call.query.get("next")};
  auto login_page = render(view);
  login_page.status = status;
  Response response{status, "text/html; charset=utf-8", document(login_page, nullptr, "")};
  response.headers.push_back({"Set-Cookie", cookie(kLoginCookie, view.token, "/login", call.secure)});
  return response;
}

asio::awaitable<Response> Router::login(Call& call) {
  const auto token = call.cookies.find(kLoginCookie);
  if (token == call.cookies.end() || !same_secret(call.form.get("csrf"), token->second)) {
    co_return login_form(call, "The login form had expired: please try again.", 403);
  }
  const auto name = call.form.get("user");
  const auto now = std::chrono::steady_clock::now();
  const auto wait = std::max(throttle_.wait("user:" + name, now), throttle_.wait("client:" + call.client, now));
  if (wait.count() > 0) {
    auto response = login_form(
        call, "Too many failed logins: try again in " + std::to_string((wait.count() + 59) / 60) + " minutes.", 429,
        name);
    response.headers.push_back({"Retry-After", std::to_string(wait.count())});
    co_return response;
  }
  if (verifying_ >= kMaxVerifying) co_return login_form(call, "The server is busy: please try again.", 503, name);
  const auto* user = config_.web.find_user(name);
  const auto password = call.form.get("password");
  ++verifying_;
  const bool valid = co_await service::run_on(pool_.get_executor(), [&] {
    if (user) return verify_password(user->password_hash, password);
    // An unknown name costs what a known one does (the decoy is made once).
    std::call_once(decoy_made_, [this] { decoy_hash_ = hash_password(random_token()).value(); });
    (void)verify_password(decoy_hash_, password);  // for its time only: the answer is always no
    return false;
  });
  --verifying_;
  if (!user || !valid) {
    throttle_.failed("user:" + name, now);
    throttle_.failed("client:" + call.client, now);
    spdlog::warn("web: failed login for \"{}\" from {}", name, call.client);
    co_return login_form(call, "Wrong user name or password.", 401, name);
  }
  throttle_.succeeded("user:" + name);
  const auto& session = sessions_.create(user->name, user->role, now);
  spdlog::info("web: {} logged in from {}", user->name, call.client);
  auto next = call.form.get("next");
  if (next.empty() || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) next = "/stories";
  auto response = redirect(next);
  response.headers.push_back({"Set-Cookie", cookie(kSessionCookie, session.id, "/", call.secure)});
  response.headers.push_back({"Set-Cookie", cookie(kLoginCookie, "", "/login", call.secure, "; Max-Age=0")});
  co_return response;
}

Response Router::logout(Call& call) {
  sessions_.end(call.session->id);
  auto response = redirect("/login");
  response.headers.push_back({"Set-Cookie", cookie(kSessionCookie, "", "/", call.secure, "; Max-Age=0")});
  return response;
}

Router::Collected Router::collect(const ParsedFilters& filters, std::optional<std::int64_t> before, size_t want,
                                  size_t scan) {
  Collected out;
  size_t scanned = 0;
  auto search = filters.search;
  search.limit = filters.exact ? static_cast<int>(want == 0 ? 1000 : want + 1) : 500;
  search.before = before;
  while (true) {
    auto hits = newsroom_.search(filters.fts, search);
    if (!hits) {
      out.error = hits.error().message;
      return out;
    }
    for (auto& hit : *hits) {
      ++scanned;
      search.before = hit.item_id;
      std::vector<std::string> terms;
      if (!filters.accepts(hit, &terms)) continue;
      if (want > 0 && out.results.size() == want) {
        out.next = out.results.back().hit.item_id;
        break;
      }
      out.results.push_back({std::move(hit), std::move(terms), ""});
    }
    if (out.next || static_cast<int>(hits->size()) < search.limit) break;
    if (scan > 0 && scanned >= scan) {
      out.next = search.before;
      break;
    }
  }
  std::vector<std::int64_t> ids;
  for (const auto& r : out.results) ids.push_back(r.hit.item_id);
  if (auto labels = newsroom_.labels_of(ids)) {
    for (auto& r : out.results) {
      if (const auto it = labels->find(r.hit.item_id); it != labels->end()) r.label = it->second;
    }
  }
  return out;
}

}  // namespace khabar::web
