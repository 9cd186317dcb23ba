// Newsroom pages at scale: builds (or reuses) an archive of N items (default
// 1,000,000; bench/archive_corpus.h) with 1% of them matched by one rule and
// 0.4% by another, 2,000 reports and 500 stories labelled and 300 cases;
// then asks the router for each page R times (routing, session, the
// archive's strand, rendering; no socket) and prints p50, p95 and max.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "archive_corpus.h"
#include "store/newsroom.h"
#include "web/form.h"
#include "web/password.h"
#include "web/router.h"

namespace {

using namespace khabar;

std::vector<store::MatchRecord> matches_of(const store::ItemRecord& item) {
  const auto n = std::stol(item.guid->substr(5));
  std::vector<store::MatchRecord> out;
  if (n % 100 == 0) out.push_back({"recruits", {"вербовка"}, {}});
  if (n % 250 == 0) out.push_back({"deaths", {"похороны"}, {}});
  return out;
}

bool label_and_record(store::Newsroom& newsroom) {
  auto ids = newsroom.search("", [] {
    store::SearchFilters f;
    f.rule = "recruits";
    f.limit = 2500;
    return f;
  }());
  if (!ids) return false;
  int n = 0;
  for (const auto& hit : *ids) {
    const char* label = n % 3 == 0 ? "irrelevant" : "relevant";
    if (n < 2000 && !newsroom.mark_item(hit.item_id, label, std::nullopt, "bench", hit.fetched)) return false;
    if (n < 500 && hit.story_id &&
        !newsroom.mark_story(*hit.story_id, "relevant", std::string("bench"), "bench", hit.fetched))
      return false;
    if (n < 300) {
      store::CaseRecord c{0,
                          hit.story_id,
                          store::kCaseKinds[n % 7],
                          "2024-" + std::string(n % 12 < 9 ? "0" : "") + std::to_string(n % 12 + 1) + "-15",
                          n % 2 ? "KG" : "TJ",
                          std::nullopt,
                          n % 4 + 1,
                          std::nullopt,
                          "bench",
                          0};
      if (!newsroom.record_case(c, hit.fetched)) return false;
    }
    ++n;
  }
  return true;
}

class Client {
 public:
  explicit Client(web::Router& router) : router_(router) {}

  web::Response call(web::Request request) {
    request.remote = "127.0.0.1";
    request.headers["cookie"] = cookie_;
    asio::io_context loop;
    auto guard = asio::make_work_guard(loop);
    std::optional<web::Response> out;
    asio::co_spawn(
        loop, [&]() -> asio::awaitable<void> { out = co_await router_.handle(std::move(request)); },
        [&](std::exception_ptr) { guard.reset(); });
    loop.run();
    return *out;
  }

  bool log_in() {
    auto form = call({"GET", "/login", "", {}, ""});
    std::string token;
    for (const auto& [name, value] : form.headers) {
      if (name == "Set-Cookie") token = value.substr(value.find('=') + 1, 64);
    }
    web::Params params;
    params.set("csrf", token);
    params.set("user", "bench");
    params.set("password", "bench-password");
    cookie_ = std::string(web::kLoginCookie) + "=" + token;
    auto done = call({"POST", "/login", params.encode(), {}, ""});
    for (const auto& [name, value] : done.headers) {
      if (name == "Set-Cookie" && value.rfind(web::kSessionCookie, 0) == 0) cookie_ = value.substr(0, value.find(';'));
    }
    return done.status == 303;
  }

 private:
  web::Router& router_;
  std::string cookie_;
};

std::int64_t first_integer(store::Database& db, const std::string& sql) {
  auto stmt = db.prepare(sql);
  if (!stmt || !stmt->step()) return 0;
  return stmt->integer(0);
}

}  // namespace

int main(int argc, char** argv) {
  const long total = argc > 1 ? std::atol(argv[1]) : 1000000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 40;
  const auto path =
      (std::filesystem::temp_directory_path() / ("khabar-web-bench-" + std::to_string(total) + ".db")).string();
  if (!std::filesystem::exists(path)) {
    std::printf("building an archive of %ld items at %s (kept for the next run)\n", total, path.c_str());
    auto archive = store::Archive::open(path + ".partial");
    if (!archive) return std::fprintf(stderr, "%s\n", archive.error().message.c_str()), 1;
    std::mt19937 rng(1125);
    const std::array<const char*, 5> countries{"KG", "TJ", "UZ", "KZ", "TM"};
    if (!bench::fill_archive(*archive, total, rng, matches_of,
                             [&](long feed) { return std::string(countries[feed % 5]); }))
      return 1;
    auto newsroom = store::Newsroom::over(std::move(*archive));
    if (!label_and_record(newsroom)) return std::fprintf(stderr, "labelling failed\n"), 1;
    (void)newsroom.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  if (std::filesystem::exists(path + ".partial")) std::filesystem::rename(path + ".partial", path);

  config::Config config;
  config.daemon.database = path;
  config.rules = {{"recruits", "вербовка", {}, {}, 0}, {"deaths", "похороны", {}, {}, 0}};
  config.web.users = {{"bench", "editor", *web::hash_password("bench-password", web::HashCost::kMinimalForTests), {}}};
  web::SessionStore sessions(std::chrono::hours(1));
  web::LoginThrottle throttle;
  auto router = web::Router::create(config, sessions, throttle, false);
  if (!router) return std::fprintf(stderr, "%s\n", router.error().message.c_str()), 1;
  Client client(**router);
  if (!client.log_in()) return std::fprintf(stderr, "cannot log in\n"), 1;

  auto db = store::Database::open(path);
  const auto story = first_integer(
      *db, "SELECT i.story_id FROM matches m JOIN items i ON i.id = m.item_id ORDER BY m.item_id DESC LIMIT 1");
  const auto item = first_integer(*db, "SELECT item_id FROM item_triage ORDER BY item_id DESC LIMIT 1");
  const auto items = first_integer(*db, "SELECT COUNT(*) FROM items");
  const auto matched = first_integer(*db, "SELECT COUNT(*) FROM matches");
  std::printf("%lld items, %lld matches, %lld stories; %d requests per page\n", static_cast<long long>(items),
              static_cast<long long>(matched),
              static_cast<long long>(first_integer(*db, "SELECT COUNT(*) FROM stories")), rounds);
  const std::string words = web::url_encode("вербовка мигрант");
  const std::vector<std::pair<std::string, std::string>> pages{
      {"stories", "/stories"},
      {"stories, country", "/stories?country=KG"},
      {"stories, rule + unlabelled", "/stories?rule=deaths&triage=unlabelled"},
      {"stories, query", "/stories?q=" + words},
      {"stories, page 20", "/stories?before=" + std::to_string(story - 20 * 21 * 100)},
      {"story", "/story/" + std::to_string(story)},
      {"report", "/item/" + std::to_string(item)},
      {"search, two words + since", "/search?q=" + words + "&since=2024-09-01"},
      {"search, relevant", "/search?triage=relevant"},
      {"rules", "/rules"},
      {"workbench, 30 days", "/rules/workbench?q=" + words + "&since=2024-09-26"},
      {"cases", "/cases"},
      {"sources", "/sources"}};
  std::printf("%-30s %8s %8s %8s %8s\n", "page", "p50 ms", "p95 ms", "max ms", "KB");
  const std::string only = argc > 3 ? argv[3] : "";  // pages whose name holds this
  for (const auto& [name, target] : pages) {
    if (name.find(only) == std::string::npos) continue;
    std::vector<double> times;
    size_t bytes = 0;
    for (int r = 0; r < rounds; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      auto response = client.call({"GET", target, "", {}, ""});
      times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (response.status != 200)
        return std::fprintf(stderr, "%s: HTTP %d: %s\n", target.c_str(), response.status, response.body.c_str()), 1;
      bytes = response.body.size();
    }
    std::sort(times.begin(), times.end());
    std::printf("%-30s %8.1f %8.1f %8.1f %8.1f\n", name.c_str(), times[times.size() / 2],
                times[times.size() * 95 / 100], times.back(), static_cast<double>(bytes) / 1024);
  }
  return 0;
}
