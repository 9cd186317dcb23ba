#include "cli/demo_command.h"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/newsroom_command.h"
#include "util/duration.h"
#include "util/json_text.h"
#include "util/result.h"
#include "web/http_server.h"
#include "web/password.h"

namespace khabar::cli {
namespace {

// Writes `text` to standard output with write(2), after whatever std::cout
// and stdio still hold.
void write_whole(const std::string& text) {
  std::cout.flush();
  std::fflush(stdout);
  for (size_t done = 0; done < text.size();) {
    const auto n = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

namespace fs = std::filesystem;

struct DemoData {
  fs::path feeds;  // *.xml sample feeds
  fs::path rules;  // *.toml rules
};

// The sample feeds and rules: installed under share/khabar next to the
// binary, or in the source tree the binary was built from.
std::optional<DemoData> find_data(const std::string& override_dir) {
  std::vector<DemoData> candidates;
  if (!override_dir.empty()) {
    // Given, it is the only place looked in: a mistyped --data must not
    // quietly fall back to the bundled samples.
    // An installed share/khabar has demo/; a source checkout has feeds/demo/.
    for (const auto* feeds : {"demo", "feeds/demo"}) {
      const DemoData given{fs::path(override_dir) / feeds, fs::path(override_dir) / "rules"};
      if (fs::is_directory(given.feeds) && fs::is_directory(given.rules)) {
        return DemoData{fs::canonical(given.feeds), fs::canonical(given.rules)};
      }
    }
    return std::nullopt;
  }
  const auto exe = fs::read_symlink("/proc/self/exe").parent_path();
  candidates.push_back({exe / "../share/khabar/demo", exe / "../share/khabar/rules"});
  candidates.push_back({fs::path(KHABAR_SOURCE_DIR) / "feeds/demo", fs::path(KHABAR_SOURCE_DIR) / "rules"});
  for (const auto& c : candidates) {
    if (fs::is_directory(c.feeds) && fs::is_directory(c.rules))
      return DemoData{fs::canonical(c.feeds), fs::canonical(c.rules)};
  }
  return std::nullopt;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The first few matched words, for a readable terminal.
std::string shortened(const nlohmann::json& terms) {
  std::string out;
  size_t shown = 0;
  for (const auto& term : terms) {
    if (!term.is_string()) continue;
    if (shown++ == 6) return out + ", …";
    out += (out.empty() ? "" : ", ") + term.get<std::string>();
  }
  return out;
}

// Serves the sample feeds and receives the webhook alerts.
class DemoSite {
 public:
  DemoSite(fs::path feeds, fs::path alerts) : feeds_(std::move(feeds)), alerts_(std::move(alerts)) {}

  web::Response handle(const web::Request& request) {
    if (request.method == "POST" && request.target.rfind("/hook", 0) == 0) return receive(request.body);
    const auto name = fs::path(request.target).filename();
    const auto file = feeds_ / name;
    if (name.empty() || !fs::is_regular_file(file)) return {404, "text/plain", "not found\n"};
    const bool atom = read_file(file).find("<feed") != std::string::npos;
    return {200, atom ? "application/atom+xml" : "application/rss+xml", read_file(file)};
  }

  int received() const {
    std::lock_guard lock(mutex_);
    return count_;
  }

 private:
  web::Response receive(const std::string& body) {
    std::lock_guard lock(mutex_);
    ++count_;
    std::ofstream(alerts_ / ("alert-" + std::to_string(count_) + ".json")) << body << "\n";
    const auto alert = nlohmann::json::parse(body, nullptr, false);
    if (alert.is_object()) {
      const auto& item = alert["item"];
      // One write(2) for the whole block: the log, written to the same
      // terminal or pipe by other threads, must not land in the middle of it
      // (a pipe takes up to PIPE_BUF bytes whole; a block is well under).
      std::ostringstream block;
      block << "\n  ALERT " << alert.value("rule", "") << "  [" << alert.value("feed", "") << ", "
            << json_text(item.value("language", nlohmann::json("?"))) << "]\n    " << item.value("title", "")
            << "\n    " << item.value("link", "") << "\n    matched: " << shortened(alert["terms"]) << "\n";
      write_whole(block.str());
    }
    return {200, "application/json", "{}"};
  }

  fs::path feeds_;
  fs::path alerts_;
  mutable std::mutex mutex_;
  int count_ = 0;
};

// Where the demo writes its config, archive and alerts: `dir` when given
// (kept afterwards), else a temporary folder removed when the demo ends.
class WorkDir {
 public:
  static Result<WorkDir> make(const std::string& dir) {
    std::error_code error;
    if (!dir.empty()) {
      fs::create_directories(dir, error);
      if (error) return make_error(ErrorKind::kInvalidInput, "demo: --dir " + dir + ": " + error.message());
      if (fs::exists(fs::path(dir) / "khabar.db"))
        return make_error(ErrorKind::kInvalidInput,
                          "demo: --dir " + dir + " already holds a khabar.db; give an empty folder");
      return WorkDir(fs::absolute(dir), true);
    }
    std::string pattern = (fs::temp_directory_path() / "khabar-demo-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      return make_error(ErrorKind::kInvalidInput,
                        "demo: cannot make a temporary folder in " + fs::temp_directory_path().string());
    return WorkDir(pattern, false);
  }
  WorkDir(WorkDir&& other) noexcept : path_(std::move(other.path_)), kept_(std::exchange(other.kept_, true)) {}
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
  WorkDir& operator=(WorkDir&&) = delete;
  ~WorkDir() {
    std::error_code ignored;  // best effort: a leftover temporary folder is harmless
    if (!kept_) fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }
  bool kept() const { return kept_; }

 private:
  WorkDir(fs::path path, bool kept) : path_(std::move(path)), kept_(kept) {}
  fs::path path_;
  bool kept_;
};

// The sample outlets' countries, by the start of their file names.
std::string country_of(const std::string& feed) {
  for (const auto& [prefix, country] :
       {std::pair{"azattyk", "KG"}, std::pair{"ozodi-", "TJ"}, std::pair{"ozodlik", "UZ"}}) {
    if (feed.rfind(prefix, 0) == 0) return country;
  }
  return "";
}

// A port free now on 127.0.0.1, for the newsroom's [web] listen.
unsigned short free_port(asio::io_context& loop) {
  asio::ip::tcp::acceptor probe(loop, {asio::ip::make_address("127.0.0.1"), 0});
  return probe.local_endpoint().port();
}

struct DemoEditor {
  std::string name = "editor";
  std::string password = web::random_token(6);
};

void write_config(const fs::path& path, const DemoData& data, const fs::path& work, unsigned short port,
                  unsigned short web_port, const std::string& password_hash) {
  std::ofstream config(path);
  config << "# Written by khabar demo: the bundled sample feeds, served from 127.0.0.1.\n"
         << "include = [\"" << (data.rules / "*.toml").string() << "\"]\n\n[daemon]\ndatabase = \""
         << (work / "khabar.db").string() << "\"\nper_host_delay = \"0s\"\n"
         << "\n[web]\nlisten = \"127.0.0.1:" << web_port << "\"\n\n[[web.user]]\nname = \"editor\"\nrole = \"editor\"\n"
         << "password_hash = \"" << password_hash << "\"\n";
  for (const auto& entry : fs::directory_iterator(data.feeds)) {
    if (entry.path().extension() != ".xml") continue;
    const auto name = entry.path().stem().string();
    config << "\n[[feed]]\nname = \"" << name << "\"\nurl = \"http://127.0.0.1:" << port << "/"
           << entry.path().filename().string() << "\"\n";
    if (const auto country = country_of(name); !country.empty()) config << "country = \"" << country << "\"\n";
  }
  config << "\n[[alert]]\nname = \"newsroom\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:" << port
         << "/hook/newsroom\"\n";
}

}  // namespace

namespace {

// Until SIGINT or SIGTERM, or `seconds` (0: no limit). The signals were
// blocked in every thread, so they wait here.
void wait_for_signal(const sigset_t& signals, long seconds) {
  timespec limit{seconds, 0};
  siginfo_t info{};
  while (sigtimedwait(&signals, &info, seconds > 0 ? &limit : nullptr) < 0 && errno == EINTR) {
  }
}

// The newsroom over the demo's archive until a signal or the time is up.
int serve_newsroom(asio::io_context& web_loop, const fs::path& config_path, const DemoEditor& editor,
                   const sigset_t& signals, long seconds, const std::function<void()>& stop_web) {
  auto config = config::load_config(config_path);
  if (!config) {
    std::cerr << "demo: " << config.error().message << "\n";
    return kExitFailure;
  }
  web::SessionStore sessions(config->web.session_idle);
  web::LoginThrottle throttle;
  auto site = start_newsroom(web_loop, *config, sessions, throttle);
  if (!site) {
    std::cerr << "demo: newsroom: " << site.error().message << "\n";
    return kExitFailure;
  }
  std::cout << "\n== the newsroom: http://" << config->web.listen << "/\n   log in as " << editor.name << ", password "
            << editor.password << "\n   "
            << (seconds > 0 ? "up for " + format_duration(std::chrono::seconds(seconds)) + " (Ctrl-C stops it sooner)"
                            : std::string("Ctrl-C stops it"))
            << std::endl;
  wait_for_signal(signals, seconds);
  stop_web();  // before the site goes: its handlers run on the web loop's thread
  return kExitOk;
}

}  // namespace

int demo_command(const std::string& data_dir, const std::string& serve, const std::string& dir) {
  std::optional<std::chrono::seconds> serve_for;
  if (!serve.empty() && !(serve_for = parse_duration(serve))) {
    std::cerr << "demo: --serve \"" << serve << "\" is not a duration like 10m\n";
    return kExitUsage;
  }
  const bool interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  if (serve_for || interactive) pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts
  const auto data = find_data(data_dir);
  if (!data && !data_dir.empty()) {
    std::cerr << "demo: --data " << data_dir << " must hold demo/ or feeds/demo/ (sample feeds) and rules/\n";
    return kExitUsage;
  }
  if (!data) {
    std::cerr << "demo: cannot find the sample feeds and rules (looked in share/khabar next to the binary, "
                 "and the source tree; give --data)\n";
    return kExitFailure;
  }
  auto work_dir = WorkDir::make(dir);
  if (!work_dir) {
    std::cerr << work_dir.error().message << "\n";
    return kExitUsage;
  }
  const auto& work = work_dir->path();
  fs::create_directories(work / "alerts");
  DemoSite site(data->feeds, work / "alerts");
  asio::io_context web_loop;
  auto server = web::HttpServer::start(web_loop, "127.0.0.1", 0, [&](const web::Request& r) { return site.handle(r); });
  if (!server) {
    std::cerr << "demo: " << server.error().message << "\n";
    return kExitFailure;
  }
  DemoEditor editor;
  auto hash = web::hash_password(editor.password);
  if (!hash) {
    std::cerr << "demo: " << hash.error().message << "\n";
    return kExitFailure;
  }
  const auto config = work / "khabar.toml";
  write_config(config, *data, work, (*server)->port(), free_port(web_loop), *hash);
  auto work_guard = asio::make_work_guard(web_loop);
  std::thread web_thread([&] { web_loop.run(); });

  std::cout << "khabar demo: sample feeds from " << data->feeds.string()
            << " served on http://127.0.0.1:" << (*server)->port() << "/, rules from " << data->rules.string()
            << "\n\n== polling every feed once\n";
  const int code = poll_once_command(config.string());
  std::cout.flush();
  std::cout << "\n== " << site.received() << " alerts received; each is also in " << (work / "alerts").string()
            << "\n\n== khabar search 'вербов* OR recruit* OR жалдан* OR yollanma* OR \"груз 200\"'\n";
  SearchArgs search;
  search.query = "вербов* OR recruit* OR жалдан* OR yollanma* OR \"груз 200\"";
  search.limit = 10;
  search_command(config.string(), search);
  std::cout << "\nTry it yourself:\n  khabar -c " << config.string() << " search 'muhojir* OR мигрант*'\n  khabar -c "
            << config.string() << " status\n  khabar -c " << config.string()
            << " run      # polls on schedule and serves the newsroom page\n"
            << (work_dir->kept() ? "The demo's folder " + work.string() + " is kept.\n"
                                 : "The demo's folder is removed when the demo ends; --dir DIR keeps it.\n");
  bool stopped = false;
  const std::function<void()> stop_web = [&] {
    if (std::exchange(stopped, true)) return;
    work_guard.reset();
    web_loop.stop();
    web_thread.join();
  };
  int served = kExitOk;
  if (serve_for || interactive) {
    served = serve_newsroom(web_loop, config, editor, signals, serve_for ? static_cast<long>(serve_for->count()) : 0,
                            stop_web);
  } else {
    std::cout << "\nThe newsroom page (log in as " << editor.name << ", password " << editor.password
              << ") starts when the demo runs in a terminal, or with --serve 10m.\n";
  }
  stop_web();
  (*server)->stop();
  return code != kExitOk ? code : served;
}

}  // namespace khabar::cli
