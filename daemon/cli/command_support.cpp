#include "cli/command_support.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/environment_checks.h"
#include "service/alert_dispatcher.h"
#include "service/rule_book.h"
#include "store/archive.h"

namespace khabar::cli {

namespace {

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

}  // namespace

// Loads and validates the config and its rules; prints errors itself.
std::optional<Loaded> load(const std::string& path, const LoadChecks& checks) {
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

fetch::CurlMultiOptions fetch_options(const config::DaemonConfig& daemon) {
  fetch::CurlMultiOptions options;
  options.max_total_connections = static_cast<long>(daemon.max_concurrent_fetches);
  options.max_host_connections = static_cast<long>(daemon.per_host_connections);
  return options;
}

}  // namespace khabar::cli
