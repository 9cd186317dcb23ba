// The router's decisions (sessions, roles, CSRF, throttling) through its
// handler, on a loop of the test's own, without a socket.
#include "web/router.h"

#include <gtest/gtest.h>

#include "web/form.h"
#include "web/password.h"

namespace khabar::web {
namespace {

std::string header(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

// "khabar_session=abc; Path=/; ..." → "abc".
std::string cookie_value(const std::string& set_cookie) {
  const auto eq = set_cookie.find('=');
  return set_cookie.substr(eq + 1, set_cookie.find(';') - eq - 1);
}

class RouterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    editor_hash_ = *hash_password("editor-password", HashCost::kMinimalForTests);
    viewer_hash_ = *hash_password("viewer-password", HashCost::kMinimalForTests);
  }

  void SetUp() override {
    config_.daemon.database = ":memory:";
    config_.web.listen = "127.0.0.1:8080";
    config_.web.users = {{"aigul", "editor", editor_hash_, {}}, {"reader", "viewer", viewer_hash_, {}}};
    auto router = Router::create(config_, sessions_, throttle_, false);
    ASSERT_TRUE(router.ok()) << router.error().message;
    router_ = std::move(*router);
  }

  Response call(Request request) {
    request.remote = "192.0.2.7";
    asio::io_context loop;
    auto guard = asio::make_work_guard(loop);
    std::optional<Response> out;
    asio::co_spawn(
        loop, [&]() -> asio::awaitable<void> { out = co_await router_->handle(std::move(request)); },
        [&](std::exception_ptr) { guard.reset(); });
    loop.run();
    return *out;
  }

  Response get(const std::string& target, const std::string& cookies = "") {
    return call({"GET", target, "", {{"cookie", cookies}}, ""});
  }
  Response post(const std::string& target, const Params& form, const std::string& cookies,
                const std::map<std::string, std::string>& more = {}) {
    Request request{"POST", target, form.encode(), {{"cookie", cookies}}, ""};
    request.headers.insert(more.begin(), more.end());
    return call(request);
  }

  // The session cookie and the CSRF token of a fresh login.
  std::pair<std::string, std::string> log_in(const std::string& user, const std::string& password) {
    const auto form = get("/login");
    const auto token = cookie_value(header(form, "Set-Cookie"));
    Params params;
    params.set("csrf", token);
    params.set("user", user);
    params.set("password", password);
    const auto done = post("/login", params, std::string(kLoginCookie) + "=" + token);
    if (done.status != 303) return {};
    const auto session = std::string(kSessionCookie) + "=" + cookie_value(header(done, "Set-Cookie"));
    const auto page = get("/stories", session);
    const auto at = page.body.find("name=\"csrf\" value=\"");
    return {session, page.body.substr(at + 19, 64)};
  }

  static inline std::string editor_hash_, viewer_hash_;
  config::Config config_;
  SessionStore sessions_{std::chrono::minutes(30)};
  LoginThrottle throttle_;
  std::unique_ptr<Router> router_;
};

TEST_F(RouterTest, PagesNeedASessionAndEveryAnswerSetsTheSecurityHeaders) {
  const auto response = get("/stories?rule=x");
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(header(response, "Location"), "/login?next=%2Fstories%3Frule%3Dx");
  EXPECT_EQ(header(response, "Content-Security-Policy"), kContentSecurityPolicy);
  EXPECT_EQ(header(response, "X-Frame-Options"), "DENY");
  EXPECT_EQ(get("/static/khabar.css").status, 200);
}

TEST_F(RouterTest, AnEditorLogsInReadsAndLogsOut) {
  const auto [session, csrf] = log_in("aigul", "editor-password");
  ASSERT_FALSE(session.empty());
  const auto stories = get("/stories", session);
  EXPECT_EQ(stories.status, 200);
  EXPECT_NE(stories.body.find("aigul (editor)"), std::string::npos);
  for (const auto* page : {"/search?q=x", "/rules", "/rules/workbench?q=x", "/cases", "/cases.csv", "/sources"}) {
    EXPECT_EQ(get(page, session).status, 200) << page;
  }
  EXPECT_EQ(get("/item/99", session).status, 404);
  Params params;
  params.set("csrf", csrf);
  EXPECT_EQ(post("/logout", params, session).status, 303);
  EXPECT_EQ(get("/stories", session).status, 303);
}

TEST_F(RouterTest, SessionCookiesAreHttpOnlyAndStrict) {
  const auto form = get("/login");
  const auto token = cookie_value(header(form, "Set-Cookie"));
  Params params;
  params.set("csrf", token);
  params.set("user", "aigul");
  params.set("password", "editor-password");
  params.set("next", "//evil.example/");
  const auto done = post("/login", params, std::string(kLoginCookie) + "=" + token);
  EXPECT_EQ(header(done, "Location"), "/stories");  // never off-site
  const auto set = header(done, "Set-Cookie");
  EXPECT_NE(set.find("HttpOnly; SameSite=Strict"), std::string::npos);
  EXPECT_EQ(set.find("Secure"), std::string::npos);  // no TLS here or at a proxy
}

TEST_F(RouterTest, PostsWithoutTheTokenOrFromAnotherSiteAreRefused) {
  const auto [session, csrf] = log_in("aigul", "editor-password");
  Params params;
  params.set("label", "relevant");
  EXPECT_EQ(post("/item/1/triage", params, session).status, 403);
  // A token one character off (the first one changed, whatever it was).
  params.set("csrf", (csrf.front() == '0' ? "1" : "0") + csrf.substr(1));
  EXPECT_EQ(post("/item/1/triage", params, session).status, 403);
  params.set("csrf", csrf);
  EXPECT_EQ(
      post("/item/1/triage", params, session, {{"origin", "https://evil.example"}, {"host", "127.0.0.1:8080"}}).status,
      403);
  const auto missing = post("/item/1/triage", params, session);  // no such report: back with the reason
  EXPECT_EQ(missing.status, 303);
  EXPECT_NE(header(missing, "Location").find("/item/1?error="), std::string::npos);
}

TEST_F(RouterTest, ViewersReadButCannotMarkOrRecord) {
  const auto [session, csrf] = log_in("reader", "viewer-password");
  ASSERT_FALSE(session.empty());
  EXPECT_EQ(get("/stories", session).status, 200);
  Params params;
  params.set("csrf", csrf);
  params.set("label", "relevant");
  EXPECT_EQ(post("/item/1/triage", params, session).status, 403);
  EXPECT_EQ(post("/story/1/case", params, session).status, 403);
}

TEST_F(RouterTest, LoginsAreThrottledAndNeedTheirOwnToken) {
  for (int i = 0; i < 5; ++i) throttle_.failed("user:aigul", std::chrono::steady_clock::now());
  const auto form = get("/login");
  const auto token = cookie_value(header(form, "Set-Cookie"));
  Params params;
  params.set("csrf", token);
  params.set("user", "aigul");
  params.set("password", "editor-password");
  const auto throttled = post("/login", params, std::string(kLoginCookie) + "=" + token);
  EXPECT_EQ(throttled.status, 429);
  EXPECT_FALSE(header(throttled, "Retry-After").empty());
  params.set("user", "reader");
  EXPECT_EQ(post("/login", params, "").status, 403);  // no login cookie
}

TEST_F(RouterTest, ASessionEndsWhenItsUserLeavesTheConfig) {
  const auto [session, csrf] = log_in("reader", "viewer-password");
  config_.web.users.pop_back();
  EXPECT_EQ(get("/stories", session).status, 303);
}

}  // namespace
}  // namespace khabar::web
