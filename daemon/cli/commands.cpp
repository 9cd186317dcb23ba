#include "cli/commands.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
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
#include "cli/environment_checks.h"
#include "cli/newsroom_command.h"
#include "cli/status_view.h"
#include "cli/search_output.h"
#include "cli/table.h"
#include "parse/date_parser.h"
#include "util/duration.h"
#include "util/listen_address.h"
#include "util/locale_codes.h"
#include "util/secret.h"
#include "util/suggest.h"
#include "service/schedule.h"
#include "util/json_text.h"

namespace khabar::cli {
namespace {

struct Loaded {
  config::Config config;
  service::RuleBook rules;
};

// What load() checks beyond the files themselves.
struct LoadChecks {
  bool secrets = false;   // every secret named is there: commands that deliver
  bool database = false;  // the database can be written: check-config (run and poll find out by opening it)
};

void append(std::vector<std::string>& to, std::vector<std::string> more) {
  to.insert(to.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

// Every error of the configuration, its rule queries and (if asked) its
// secrets: one list, so one pass fixes them all.
std::vector<std::string> config_errors(config::ConfigReport& report, const LoadChecks& checks) {
  auto errors = std::move(report.errors);
  append(errors, service::RuleBook::query_errors(report.config));
  if (checks.secrets) append(errors, secret_errors(report.config));
  if (checks.database) append(errors, database_errors(report.config));
  return errors;
}

// Loads and validates the config and its rules; prints errors itself.
std::optional<Loaded> load(const std::string& path, const LoadChecks& checks = {}) {
  auto report = config::read_config(config::resolve_config_path(path));
  if (const auto errors = config_errors(report, checks); !errors.empty()) {
    for (const auto& error : errors) std::cerr << error << "\n";
    return std::nullopt;
  }
  auto rules = service::RuleBook::build(report.config);
  if (!rules) {
    std::cerr << rules.error().message << "\n";
    return std::nullopt;
  }
  if (spdlog::get_level() != spdlog::level::debug) {  // -v wins over the config
    spdlog::set_level(spdlog::level::from_str(report.config.daemon.log_level));
  }
  return Loaded{std::move(report.config), std::move(*rules)};
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
  auto loaded = load(config_path, {.secrets = true, .database = true});
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
  const auto address = parse_listen_address(listen);
  if (!address) return make_error(ErrorKind::kInvalidConfig, "\"" + listen + "\" " + address.error().message);
  auto server = web::HttpServer::start(loop, address->ip, address->port, [&metrics](const web::Request& request) -> web::Response {
    if (request.method != "GET") return {405, "text/plain", "GET only\n"};
    if (request.target == "/metrics") return {200, "text/plain; version=0.0.4", metrics.exposition()};
    if (request.target == "/health") {
      auto health = service::health_of(metrics);
      return {health.status, "application/json", std::move(health.json)};
    }
    return {404, "text/plain", "not found: try /metrics or /health\n"};
  });
  if (server) spdlog::info("metrics on http://{}/metrics", listen);
  return server;
}

namespace {

// A cron job or a script must see a poll that fetched nothing as a failure:
// every feed failed, or none could even be read from the archive.
int poll_once_exit(const config::Config& config, const service::CycleReport& report) {
  const auto enabled = std::count_if(config.feeds.begin(), config.feeds.end(), [](const auto& f) { return f.enabled; });
  if (enabled == 0) {
    spdlog::warn("no enabled feeds: nothing to poll");
    return kExitOk;
  }
  if (report.feeds.empty()) {
    spdlog::error("none of the {} feeds could be loaded from the archive (see the errors above)", enabled);
    return kExitFailure;
  }
  if (report.failed_feeds() == static_cast<int>(report.feeds.size())) {
    spdlog::error("every feed failed ({} of {})", report.failed_feeds(), report.feeds.size());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

int poll_once_command(const std::string& config_path) {
  auto loaded = load(config_path, {.secrets = true});
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
  return poll_once_exit(loaded->config, report);
}

int run_command(const std::string& config_path) {
  auto loaded = load(config_path, {.secrets = true});
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
    auto reloaded = load(config_path, {.secrets = true});
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
    for (const auto& configured : loaded->config.feeds) {
      if (configured.name != feed.state.name) continue;
      feed.configured = true;
      feed.enabled = configured.enabled;
    }
    if (auto times = archive->recent_item_times(feed.state.id, 20)) feed.quiet = service::is_unusually_quiet(*times, now);
    feeds.push_back(std::move(feed));
  }
  for (const auto& configured : loaded->config.feeds) {
    const bool stored_already = std::any_of(feeds.begin(), feeds.end(), [&](const FeedStatus& f) { return f.state.name == configured.name; });
    if (stored_already) continue;
    store::FeedState never_polled;
    never_polled.name = configured.name;
    never_polled.url = configured.url;
    feeds.push_back({std::move(never_polled), false, true, configured.enabled});
  }
  auto channels = archive->outbox().backlog();
  if (!channels) {
    std::cerr << channels.error().message << "\n";
    return kExitFailure;
  }
  const auto writable = archive->check_writable();
  const auto problem = writable ? std::string() : writable.error().message;
  std::cout << (json ? status_json(feeds, *channels, problem) : status_table(feeds, *channels, now, problem));
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

namespace {

// A table is read by a person: the newest 20 unless asked. An export is
// for a program or a spreadsheet: everything unless asked.
int default_limit(const std::optional<int>& limit, const std::string& format) {
  return limit ? *limit : (format == "table" ? 20 : 0);
}

// Prints what was found; says on standard error when the limit cut it.
void print_found(const std::vector<Found>& found, bool cut, const std::string& format, const std::string& title,
                 UnixTime now) {
  if (format == "json") std::cout << found_json(found);
  else if (format == "jsonl") std::cout << found_json_lines(found);
  else if (format == "csv") std::cout << found_csv(found);
  else if (format == "atom") std::cout << found_atom(found, title, now);
  else std::cout << found_table(found);
  if (cut) {
    std::cerr << "(the newest " << found.size() << " shown; there are more: --limit N shows more"
              << (format == "table" ? ", an export (--format csv, json) shows all)\n" : ")\n");
  }
}

template <typename Named>
std::vector<std::string> names_of(const std::vector<Named>& things) {
  std::vector<std::string> names;
  for (const auto& thing : things) names.push_back(thing.name);
  return names;
}

// A feed, rule or channel name the config does not have: an error with a
// suggestion, not an empty result.
bool known_name(const std::string& what, const std::string& name, const std::vector<std::string>& known) {
  if (name.empty() || std::find(known.begin(), known.end(), name) != known.end()) return true;
  std::cerr << "no " << what << " named \"" << name << "\" in the configuration" << did_you_mean(name, known) << "\n";
  return false;
}

// A bare word of the characters names are made of: meant as a rule's name.
bool looks_like_a_name(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace

// What a new or changed rule would have caught in the archive: nothing is sent.
int replay_command(const std::string& config_path, const ReplayArgs& args) {
  auto loaded = load(config_path);
  if (!loaded) return kExitConfig;
  std::string query = args.rule_or_query, name = "query";
  for (const auto& rule : loaded->config.rules) {
    if (rule.name == args.rule_or_query) query = rule.query, name = rule.name;
  }
  if (name == "query" && looks_like_a_name(args.rule_or_query)) {
    std::cerr << "replay: no rule named \"" << args.rule_or_query << "\""
              << did_you_mean(args.rule_or_query, names_of(loaded->config.rules))
              << "; to replay a query of one word, write it with a wildcard or in quotes: '\"" << args.rule_or_query
              << "\"'\n";
    return kExitUsage;
  }
  auto matcher = match::Matcher::compile({{name, query}}, service::term_lists(loaded->config));
  if (!matcher) {
    std::cerr << matcher.error().message << "\n";
    return kExitUsage;
  }
  const auto now = unix_now();
  const auto from = args.since.empty() ? std::optional<UnixTime>(0) : point_in_time(args.since, now);
  if (!from) {
    std::cerr << "replay: \"" << args.since << "\" is neither a date nor an age like 30d\n";
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
  const auto matched = found.size();
  const auto limit = static_cast<size_t>(default_limit(args.limit, args.format));
  const bool cut = limit > 0 && found.size() > limit;
  if (cut) found.resize(limit);
  print_found(found, cut, args.format, name == "query" ? query : "rule " + name, now);
  if (args.format == "table") {
    std::cout << matched << " of " << seen << " archived items match " << name << " (replay: no alert was sent)\n";
  }
  return kExitOk;
}

int search_command(const std::string& config_path, const SearchArgs& args) {
  auto loaded = load(config_path);
  if (!loaded) return kExitConfig;
  const auto& config = loaded->config;
  if (!known_name("feed", args.feed, names_of(config.feeds)) || !known_name("rule", args.rule, names_of(config.rules))) {
    return kExitUsage;
  }
  if (!args.language.empty() && !is_language_code(args.language)) {
    std::cerr << "search: \"" << args.language << "\" is not a language code (ky, kk, uz, uz-Latn, tg, tk, ru, en)\n";
    return kExitUsage;
  }
  const auto lists = service::term_lists(config);
  const auto now = unix_now();
  const auto format = args.json ? std::string("json") : args.jsonl ? std::string("jsonl") : args.format;
  const int limit = default_limit(args.limit, format);
  store::SearchFilters filters;
  filters.by_publication = args.sort == "published";
  for (const auto& [text, slot] : {std::pair{&args.since, &filters.since}, std::pair{&args.until, &filters.until}}) {
    if (text->empty()) continue;
    *slot = point_in_time(*text, now);
    if (!*slot) {
      std::cerr << "search: \"" << *text << "\" is neither a date nor an age like 7d\n";
      return kExitUsage;
    }
  }
  if (!args.language.empty()) filters.language = normalize_language(args.language);
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
  if (fts.expression.empty() && !filters.since && !filters.until && !filters.rule && !filters.story && !filters.feed &&
      !filters.language && !filters.triage) {
    std::cerr << "search: give words to search for, or a filter (--since, --until, --rule, --story, --feed, --lang, --triage)\n";
    return kExitUsage;
  }
  auto archive = open_archive(config);
  if (!archive) return kExitFailure;
  // One more than shown tells whether the limit cut the result. Where FTS5
  // only approximates the query, fetch more and let the matcher, which knows
  // the whole language, decide; it also names the matched words.
  filters.limit = limit == 0 ? 0 : (limit + 1) * (fts.exact ? 1 : 20);
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
  }
  const bool cut = limit > 0 && found.size() > static_cast<size_t>(limit);
  if (cut) found.resize(static_cast<size_t>(limit));
  print_found(found, cut, format, args.query.empty() ? "rule " + args.rule : args.query, now);
  return kExitOk;
}

}  // namespace khabar::cli
