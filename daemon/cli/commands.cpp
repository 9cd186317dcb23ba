#include "cli/commands.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "fetch/curl_http_client.h"
#include "match/fts_query.h"
#include "match/query.h"
#include "parse/feed_json.h"
#include "parse/feed_parser.h"
#include "service/alert_dispatcher.h"
#include "service/poll_service.h"
#include "service/rule_book.h"
#include "store/archive.h"
#include "cli/table.h"

namespace khabar::cli {
namespace {

struct Loaded {
  config::Config config;
  service::RuleBook rules;
};

// Loads and validates the config and its rules; prints errors itself.
std::optional<Loaded> load(const std::string& path) {
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
  return std::move(*archive);
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

int parse_command(const ParseArgs& args) {
  auto bytes = read_file(args.file);
  if (!bytes) {
    std::cerr << args.file << ": cannot read the file\n";
    return kExitFailure;
  }
  auto parsed = parse::parse_feed(*bytes, {args.content_type, args.url});
  if (!parsed) {
    std::cerr << args.file << ": " << parsed.error().message << "\n";
    return kExitDataError;
  }
  std::cout << parse::to_json(*parsed).dump(2) << "\n";
  return kExitOk;
}

int check_config_command(const std::string& config_path) {
  auto loaded = load(config_path);
  if (!loaded) return kExitConfig;
  const auto& c = loaded->config;
  std::cout << c.path.string() << ": OK (" << c.feeds.size() << " feeds, " << c.rules.size() << " rules, "
            << c.alerts.size() << " alert channels)\n";
  return kExitOk;
}

int poll_once_command(const std::string& config_path) {
  auto loaded = load(config_path);
  if (!loaded) return kExitConfig;
  auto archive = open_archive(loaded->config);
  if (!archive) return kExitFailure;
  fetch::CurlHttpClient http(fetch::user_agent(loaded->config.daemon.contact));
  service::AlertDispatcher alerts(loaded->config, http);
  service::PollService service(loaded->config, http, *archive, loaded->rules, alerts);
  const auto report = service.poll_once();
  spdlog::info("polled {} feeds ({} failed): {} new items; alerts {} sent, {} to retry, {} failed",
               report.feeds.size(), report.failed_feeds(), report.new_items(), report.alerts.delivered,
               report.alerts.retry_later, report.alerts.failed);
  return kExitOk;
}

int run_command(const std::string& config_path) {
  auto loaded = load(config_path);
  if (!loaded) return kExitConfig;
  auto archive = open_archive(loaded->config);
  if (!archive) return kExitFailure;
  fetch::CurlHttpClient http(fetch::user_agent(loaded->config.daemon.contact));
  service::AlertDispatcher alerts(loaded->config, http);
  service::PollService service(loaded->config, http, *archive, loaded->rules, alerts);
  service.run_until_signalled();
  return kExitOk;
}

int search_command(const std::string& config_path, const SearchArgs& args) {
  auto query = match::parse_query(args.query);
  if (!query) {
    std::cerr << "query: " << query.error().message << "\n";
    return kExitUsage;
  }
  auto loaded = load(config_path);
  if (!loaded) return kExitConfig;
  auto archive = open_archive(loaded->config);
  if (!archive) return kExitFailure;
  auto hits = archive->search(match::to_fts5(**query), args.limit);
  if (!hits) {
    std::cerr << hits.error().message << "\n";
    return kExitFailure;
  }
  std::cout << (args.json ? search_hits_json(*hits) : search_hits_table(*hits));
  return kExitOk;
}

}  // namespace khabar::cli
