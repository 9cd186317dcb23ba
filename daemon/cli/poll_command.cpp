// `khabar poll --once`: every feed once, then the alerts; the exit code says
// whether anything could be fetched.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "fetch/curl_http_client.h"
#include "fetch/curl_multi_client.h"
#include "service/alert_dispatcher.h"
#include "service/poll_service.h"

namespace khabar::cli {

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
  spdlog::info("polled {} feeds ({} failed): {} new items; alerts {} sent, {} to retry, {} failed", report.feeds.size(),
               report.failed_feeds(), report.new_items(), report.alerts.delivered, report.alerts.retry_later,
               report.alerts.failed);
  return poll_once_exit(loaded->config, report);
}

}  // namespace khabar::cli
