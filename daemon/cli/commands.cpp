#include "cli/commands.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "fetch/curl_http_client.h"
#include "fetch/curl_multi_client.h"
#include "match/fts_query.h"
#include "match/matcher.h"
#include "match/query.h"
#include "parse/feed_json.h"
#include "parse/feed_parser.h"
#include "service/alert_dispatcher.h"
#include "service/delivery_worker.h"
#include "service/poll_service.h"
#include "service/rule_book.h"
#include "service/systemd_events.h"
#include "web/http_server.h"
#include "store/archive.h"
#include "text/language_detector.h"
#include "cli/newsroom_command.h"
#include "cli/status_view.h"
#include "cli/search_output.h"
#include "cli/table.h"
#include "parse/date_parser.h"
#include "util/duration.h"
#include "util/secret.h"
#include "service/schedule.h"
#include "util/json_text.h"

namespace khabar::cli {
namespace {

struct Loaded {
  config::Config config;
  service::RuleBook rules;
};

// Every secret the channels and the translation service name must be there
// and not empty: said at load, not at the first alert.
std::string secret_errors(const config::Config& config) {
  std::string errors;
  auto check = [&](const config::SecretSource& source, const config::SourceLocation& where, const std::string& what) {
    if (source.empty()) return;
    if (auto secret = read_secret(source.file, source.env); !secret) {
      errors += (errors.empty() ? "" : "\n") + where.str() + ": " + what + ": " + secret.error().message;
    }
  };
  for (const auto& alert : config.alerts) {
    const auto name = "alert \"" + alert.name + "\"";
    check(alert.secret, alert.source, name + (alert.secret.file.empty() ? ".secret_env" : ".secret_file"));
    check(alert.password, alert.source, name + (alert.password.file.empty() ? ".password_env" : ".password_file"));
  }
  const auto& key = config.translate.api_key;
  check(key, config.translate.source, key.file.empty() ? "translate.api_key_env" : "translate.api_key_file");
  return errors;
}

// Loads and validates the config and its rules; prints errors itself.
// `with_secrets`: also every secret it names (commands that deliver).
std::optional<Loaded> load(const std::string& path, bool with_secrets = false) {
  auto config = config::load_config(config::resolve_config_path(path));
  if (!config) {
    std::cerr << config.error().message << "\n";
    return std::nullopt;
  }
  auto rules = service::RuleBook::build(*config);
  if (!rules) {
    std::cerr << rules.error().message << "\n";
    return std::nullopt;
  }
  if (const auto errors = with_secrets ? secret_errors(*config) : ""; !errors.empty()) {
    std::cerr << errors << "\n";
    return std::nullopt;
  }
  if (spdlog::get_level() != spdlog::level::debug) {  // -v wins over the config
    spdlog::set_level(spdlog::level::from_str(config->daemon.log_level));
  }
  return Loaded{std::move(*config), std::move(*rules)};
}

std::optional<store::Archive> open_archive(const config::Config& config) {
  auto archive = store::Archive::open(config.daemon.database);
  if (!archive) {
    spdlog::error("{}", archive.error().message);
    return std::nullopt;
  }
  archive->set_channel_policies(service::channel_policies(config));
  return std::move(*archive);
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// One line of `khabar match` input, {"id", "title", "summary", "content", "lang"}, to
// its output line {"id", "rules", "lang"}.
Result<std::string> match_json_line(const service::RuleBook& book, const std::string& line) {
  const auto json = nlohmann::json::parse(line, nullptr, false);
  if (!json.is_object()) return make_error(ErrorKind::kInvalidInput, "not a JSON object");
  auto text_of = [&](const char* key) {
    const auto it = json.find(key);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  store::ItemRecord item;
  item.title = text_of("title");
  item.summary = text_of("summary");
  if (auto content = text_of("content"); !content.empty()) item.content = std::move(content);
  item.language = text::identify_language(*item.title + "\n" + *item.summary, text_of("lang"));
  nlohmann::ordered_json out;
  out["id"] = json.contains("id") ? json["id"] : nlohmann::json(nullptr);
  out["rules"] = nlohmann::json::array();
  for (const auto& m : book.match(item, "")) out["rules"].push_back(m.rule);
  out["lang"] = item.language->empty() ? nlohmann::json(nullptr) : nlohmann::json(*item.language);
  return json_text(out);
}

}  // namespace

int parse_command(const ParseArgs& args) {
  auto bytes = read_file(args.file);
  if (!bytes) {
    std::cerr << args.file << ": cannot read the file\n";
    return kExitFailure;
  }
  parse::ParseOptions options;
  options.content_type = args.content_type;
  options.url = args.url;
  options.kind = args.type == "telegram" ? parse::SourceKind::kTelegram
                 : args.type == "html"   ? parse::SourceKind::kHtml
                                         : parse::SourceKind::kAuto;
  options.selectors = args.selectors;
  auto parsed = parse::parse_feed(*bytes, options);
  if (!parsed) {
    std::cerr << args.file << ": " << parsed.error().message << "\n";
    return kExitDataError;
  }
  std::cout << json_text(parse::to_json(*parsed), 2) << "\n";
  return kExitOk;
}

int match_command(const MatchArgs& args) {
  auto rules = config::load_rules(args.rules);
  if (!rules) {
    std::cerr << rules.error().message << "\n";
    return kExitConfig;
  }
  auto book = service::RuleBook::build(*rules);
  if (!book) {
    std::cerr << book.error().message << "\n";
    return kExitConfig;
  }
  std::ifstream file;
  if (!args.input.empty() && args.input != "-") {
    file.open(args.input);
    if (!file) {
      std::cerr << args.input << ": cannot read the file\n";
      return kExitFailure;
    }
  }
  std::istream& in = file.is_open() ? file : std::cin;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto result = match_json_line(*book, line);
    if (!result) {
      std::cerr << (args.input.empty() ? "stdin" : args.input) << ":" << number << ": " << result.error().message << "\n";
      return kExitDataError;
    }
    std::cout << *result << "\n";
  }
  return kExitOk;
}

int check_config_command(const std::string& config_path) {
  auto loaded = load(config_path, true);
  if (!loaded) return kExitConfig;
  const auto& c = loaded->config;
  std::cout << c.path.string() << ": OK (" << c.feeds.size() << " feeds, " << c.rules.size() << " rules, "
            << c.alerts.size() << " alert channels)\n";
  return kExitOk;
}

namespace {

fetch::CurlMultiOptions fetch_options(const config::DaemonConfig& daemon) {
  fetch::CurlMultiOptions options;
  options.max_total_connections = static_cast<long>(daemon.max_concurrent_fetches);
  options.max_host_connections = static_cast<long>(daemon.per_host_connections);
  return options;
}

}  // namespace

// GET /metrics (Prometheus) and GET /health on the daemon's own loop; an
// empty address turns the endpoint off.
Result<std::unique_ptr<web::HttpServer>> start_metrics_endpoint(asio::io_context& loop, const std::string& listen,
                                                              const service::Metrics& metrics) {
  if (listen.empty()) return std::unique_ptr<web::HttpServer>();
  const auto colon = listen.rfind(':');
  auto address = listen.substr(0, colon);
  if (address.size() > 2 && address.front() == '[') address = address.substr(1, address.size() - 2);
  const auto port = static_cast<unsigned short>(std::stoi(listen.substr(colon + 1)));
  auto server = web::HttpServer::start(loop, address, port, [&metrics](const web::Request& request) -> web::Response {
    if (request.method != "GET") return {405, "text/plain", "GET only\n"};
    if (request.target == "/metrics") return {200, "text/plain; version=0.0.4", metrics.exposition()};
    if (request.target == "/health") {
      const bool polling = metrics.feeds.load() == 0 || metrics.failing_feeds.load() < metrics.feeds.load();
      return {polling ? 200 : 503, "application/json",
              std::string("{\"status\": \"") + (polling ? "ok" : "every feed failing") + "\", \"feeds\": " +
                  std::to_string(metrics.feeds.load()) + ", \"failing\": " + std::to_string(metrics.failing_feeds.load()) + "}\n"};
    }
    return {404, "text/plain", "not found: try /metrics or /health\n"};
  });
  if (server) spdlog::info("metrics on http://{}/metrics", listen);
  return server;
}

int poll_once_command(const std::string& config_path) {
  auto loaded = load(config_path, true);
  if (!loaded) return kExitConfig;
  auto archive = open_archive(loaded->config);
  if (!archive) return kExitFailure;
  const auto agent = fetch::user_agent(loaded->config.daemon.contact);
  asio::io_context loop;
  fetch::CurlMultiClient fetcher(loop, agent, fetch_options(loaded->config.daemon));
  fetch::CurlHttpClient http(agent);
  service::AlertDispatcher alerts(loaded->config, http);
  service::PollService service(loaded->config, fetcher, *archive, loaded->rules, alerts, loop);
  const auto report = service.poll_once();
  spdlog::info("polled {} feeds ({} failed): {} new items; alerts {} sent, {} to retry, {} failed",
               report.feeds.size(), report.failed_feeds(), report.new_items(), report.alerts.delivered,
               report.alerts.retry_later, report.alerts.failed);
  return kExitOk;
}

int run_command(const std::string& config_path) {
  auto loaded = load(config_path, true);
  if (!loaded) return kExitConfig;
  auto archive = open_archive(loaded->config);
  if (!archive) return kExitFailure;
  service::SystemdEvents events;
  service::Metrics metrics;
  web::SessionStore sessions(loaded->config.web.session_idle);  // kept across reloads
  web::LoginThrottle throttle;
  while (true) {
    const auto agent = fetch::user_agent(loaded->config.daemon.contact);
    asio::io_context loop;
    fetch::CurlMultiClient fetcher(loop, agent, fetch_options(loaded->config.daemon));
    fetch::CurlHttpClient http(agent);
    service::AlertDispatcher alerts(loaded->config, http);
    archive->set_channel_policies(service::channel_policies(loaded->config));
    const auto& database = loaded->config.daemon.database;
    service::DeliveryWorker delivery(alerts, [&database] { return store::Archive::open(database); }, &metrics);
    service::PollService service(loaded->config, fetcher, *archive, loaded->rules, alerts, loop);
    service.set_metrics(metrics);
    service.on_new_alerts([&delivery] { delivery.wake(); });
    if (auto started = delivery.start(); !started) {
      spdlog::error("alert delivery: {}", started.error().message);
      return kExitFailure;
    }
    auto endpoint = start_metrics_endpoint(loop, loaded->config.daemon.metrics_listen, metrics);
    if (!endpoint) {
      spdlog::error("daemon.metrics_listen: {}", endpoint.error().message);
      return kExitConfig;
    }
    auto newsroom = start_newsroom(loop, loaded->config, sessions, throttle);
    if (!newsroom) {
      spdlog::error("web: {}", newsroom.error().message);
      return kExitConfig;
    }
    const auto ending = service.run_until_signalled(events);
    delivery.stop();
    if (ending == service::PollService::Ending::kStopped) return kExitOk;
    // SIGHUP: the new configuration replaces the old only if it is valid;
    // feeds' state lives in the archive, so nothing is lost either way.
    auto reloaded = load(config_path, true);
    if (!reloaded) {
      spdlog::error("the new configuration is invalid (see above): keeping the old one");
      continue;
    }
    if (reloaded->config.daemon.database != loaded->config.daemon.database) {
      spdlog::warn("daemon.database changed: the new path takes effect on restart");
    }
    spdlog::info("configuration reloaded: {} feeds, {} rules, {} alert channels", reloaded->config.feeds.size(),
                 reloaded->config.rules.size(), reloaded->config.alerts.size());
    loaded = std::move(reloaded);
  }
}

int status_command(const std::string& config_path, bool json) {
  auto loaded = load(config_path);
  if (!loaded) return kExitConfig;
  auto archive = open_archive(loaded->config);
  if (!archive) return kExitFailure;
  auto stored = archive->feeds();
  if (!stored) {
    std::cerr << stored.error().message << "\n";
    return kExitFailure;
  }
  const auto now = unix_now();
  std::vector<FeedStatus> feeds;
  for (auto& state : *stored) {
    FeedStatus feed{std::move(state), false, false};
    for (const auto& configured : loaded->config.feeds) feed.configured = feed.configured || configured.name == feed.state.name;
    if (auto times = archive->recent_item_times(feed.state.id, 20)) feed.quiet = service::is_unusually_quiet(*times, now);
    feeds.push_back(std::move(feed));
  }
  for (const auto& configured : loaded->config.feeds) {
    const bool stored_already = std::any_of(feeds.begin(), feeds.end(), [&](const FeedStatus& f) { return f.state.name == configured.name; });
    if (stored_already) continue;
    store::FeedState never_polled;
    never_polled.name = configured.name;
    never_polled.url = configured.url;
    feeds.push_back({std::move(never_polled), false, true});
  }
  auto channels = archive->outbox().backlog();
  if (!channels) {
    std::cerr << channels.error().message << "\n";
    return kExitFailure;
  }
  std::cout << (json ? status_json(feeds, *channels) : status_table(feeds, *channels, now));
  return kExitOk;
}

namespace {

// "7d", "12h": that long ago; else a date as feeds write them.
std::optional<UnixTime> point_in_time(const std::string& text, UnixTime now) {
  if (text.empty()) return std::nullopt;
  if (auto age = parse_duration(text)) return now - age->count();
  return parse::parse_date(text);
}

}  // namespace

int backup_command(const std::string& config_path, const std::string& path) {
  auto loaded = load(config_path);
  if (!loaded) return kExitConfig;
  auto archive = open_archive(loaded->config);
  if (!archive) return kExitFailure;
  if (auto status = archive->backup(path); !status) {
    std::cerr << "backup: " << status.error().message << "\n";
    return kExitFailure;
  }
  std::cout << "archive copied to " << path << "\n";
  return kExitOk;
}

// What a new or changed rule would have caught in the archive: nothing is sent.
int replay_command(const std::string& config_path, const std::string& rule_or_query, const std::string& since) {
  auto loaded = load(config_path);
  if (!loaded) return kExitConfig;
  std::string query = rule_or_query, name = "query";
  for (const auto& rule : loaded->config.rules) {
    if (rule.name == rule_or_query) query = rule.query, name = rule.name;
  }
  auto matcher = match::Matcher::compile({{name, query}}, service::term_lists(loaded->config));
  if (!matcher) {
    std::cerr << matcher.error().message << "\n";
    return kExitUsage;
  }
  const auto from = since.empty() ? std::optional<UnixTime>(0) : point_in_time(since, unix_now());
  if (!from) {
    std::cerr << "replay: \"" << since << "\" is neither a date nor an age like 30d\n";
    return kExitUsage;
  }
  auto archive = open_archive(loaded->config);
  if (!archive) return kExitFailure;
  std::vector<Found> found;
  size_t seen = 0;
  auto status = archive->for_each_item(*from, [&](const store::SearchHit& hit) {
    ++seen;
    auto matches = matcher->match(service::match_input(hit.item, hit.feed_name));
    if (!matches.empty()) found.push_back({hit, std::move(matches.front().terms)});
  });
  if (!status) {
    std::cerr << status.error().message << "\n";
    return kExitFailure;
  }
  std::reverse(found.begin(), found.end());  // newest first, as search shows them
  std::cout << found_table(found) << found.size() << " of " << seen << " archived items match " << name
            << " (replay: no alert was sent)\n";
  return kExitOk;
}

int search_command(const std::string& config_path, const SearchArgs& args) {
  auto loaded = load(config_path);
  if (!loaded) return kExitConfig;
  const auto lists = service::term_lists(loaded->config);
  const auto now = unix_now();
  store::SearchFilters filters;
  filters.limit = args.limit;
  for (const auto& [text, slot] : {std::pair{&args.since, &filters.since}, std::pair{&args.until, &filters.until}}) {
    if (text->empty()) continue;
    *slot = point_in_time(*text, now);
    if (!*slot) {
      std::cerr << "search: \"" << *text << "\" is neither a date nor an age like 7d\n";
      return kExitUsage;
    }
  }
  if (!args.language.empty()) filters.language = args.language;
  if (!args.feed.empty()) filters.feed = args.feed;
  if (!args.rule.empty()) filters.rule = args.rule;
  if (args.story) filters.story = args.story;
  if (!args.triage.empty()) filters.triage = args.triage;

  std::optional<match::Matcher> matcher;
  match::FtsQuery fts{"", true};
  if (!args.query.empty()) {
    auto query = match::parse_query(args.query, lists);
    if (!query) {
      std::cerr << "query: " << query.error().message << "\n";
      return kExitUsage;
    }
    fts = match::to_fts5(**query);
    matcher.emplace(std::move(*match::Matcher::compile({{"query", args.query}}, lists)));
  }
  if (fts.expression.empty() && !filters.since && !filters.rule && !filters.story && !filters.feed && !filters.language &&
      !filters.triage) {
    std::cerr << "search: give words to search for, or a filter (--since, --rule, --story, --feed, --lang, --triage)\n";
    return kExitUsage;
  }
  auto archive = open_archive(loaded->config);
  if (!archive) return kExitFailure;
  // Where FTS5 only approximates the query, fetch more and let the matcher,
  // which knows the whole language, decide; it also names the matched words.
  if (!fts.exact) filters.limit = args.limit * 20;
  auto hits = archive->search(fts.expression, filters);
  if (!hits) {
    std::cerr << hits.error().message << "\n";
    return kExitFailure;
  }
  std::vector<Found> found;
  for (auto& hit : *hits) {
    std::vector<std::string> terms;
    if (matcher) {
      auto matches = matcher->match(service::match_input(hit.item, hit.feed_name));
      if (matches.empty()) continue;  // FTS5's widening, or a field/filter the index cannot see
      terms = std::move(matches.front().terms);
    }
    found.push_back({std::move(hit), std::move(terms)});
    if (found.size() >= static_cast<size_t>(args.limit)) break;
  }
  const auto format = args.json ? "json" : args.format;
  if (format == "json") std::cout << found_json_lines(found);
  else if (format == "csv") std::cout << found_csv(found);
  else if (format == "atom") std::cout << found_atom(found, args.query.empty() ? "rule " + args.rule : args.query, now);
  else std::cout << found_table(found);
  return kExitOk;
}

}  // namespace khabar::cli
