// `khabar run`: the daemon. Polls on schedule, delivers alerts, serves
// /metrics, /health and the newsroom, reloads on SIGHUP.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "cli/newsroom_command.h"
#include "fetch/curl_http_client.h"
#include "fetch/curl_multi_client.h"
#include "service/alert_dispatcher.h"
#include "service/delivery_worker.h"
#include "service/metrics.h"
#include "service/poll_service.h"
#include "service/systemd_events.h"
#include "store/archive.h"
#include "util/listen_address.h"
#include "web/http_server.h"

namespace khabar::cli {

namespace {

// GET /metrics (Prometheus) and GET /health on the daemon's own loop; an
// empty address turns the endpoint off.
Result<std::unique_ptr<web::HttpServer>> start_metrics_endpoint(asio::io_context& loop, const std::string& listen,
                                                                const service::Metrics& metrics) {
  if (listen.empty()) return std::unique_ptr<web::HttpServer>();
  const auto address = parse_listen_address(listen);
  if (!address) return make_error(ErrorKind::kInvalidConfig, "\"" + listen + "\" " + address.error().message);
  auto server = web::HttpServer::start(loop, address->ip, address->port,
                                       [&metrics](const web::Request& request) -> web::Response {
                                         if (request.method != "GET") return {405, "text/plain", "GET only\n"};
                                         if (request.target == "/metrics")
                                           return {200, "text/plain; version=0.0.4", metrics.exposition()};
                                         if (request.target == "/health") {
                                           auto health = service::health_of(metrics);
                                           return {health.status, "application/json", std::move(health.json)};
                                         }
                                         return {404, "text/plain", "not found: try /metrics or /health\n"};
                                       });
  if (server) spdlog::info("metrics on http://{}/metrics", listen);
  return server;
}

// Threads for blocking work: two for the archive, parsing and the newsroom,
// and one per alert channel, whose deliveries may each wait on a slow
// server; bounded whatever the number of channels.
size_t blocking_threads(const config::Config& config) {
  constexpr size_t kMaxThreads = 16;
  return std::min(kMaxThreads, 2 + config.alerts.size());
}

}  // namespace

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
    // The one concurrency model (docs/architecture.md): state lives on
    // `loop`, where every loop is a coroutine; blocking work runs on `pool`.
    // The pool is joined before anything its work refers to is destroyed.
    const auto agent = fetch::user_agent(loaded->config.daemon.contact);
    asio::io_context loop;
    asio::thread_pool pool(blocking_threads(loaded->config));
    fetch::CurlMultiClient fetcher(loop, agent, fetch_options(loaded->config.daemon));
    fetch::CurlHttpClient http(agent);
    service::AlertDispatcher alerts(loaded->config, http);
    archive->set_channel_policies(service::channel_policies(loaded->config));
    const auto& database = loaded->config.daemon.database;
    service::DeliveryWorker delivery(
        alerts, [&database] { return store::Archive::open(database); }, &metrics, loop, pool);
    service::PollService service(loaded->config, fetcher, *archive, loaded->rules, alerts, loop, &pool);
    service.set_metrics(metrics);
    service.on_new_alerts([&delivery] { delivery.wake(); });
    service.before_stopping([&delivery] { return delivery.drain(); });
    if (auto started = delivery.start(); !started) {
      spdlog::error("alert delivery: {}", started.error().message);
      return kExitFailure;
    }
    auto endpoint = start_metrics_endpoint(loop, loaded->config.daemon.metrics_listen, metrics);
    if (!endpoint) {
      spdlog::error("daemon.metrics_listen: {}", endpoint.error().message);
      return kExitConfig;
    }
    auto newsroom = start_newsroom(loop, loaded->config, sessions, throttle, "", &pool);
    if (!newsroom) {
      spdlog::error("web: {}", newsroom.error().message);
      return kExitConfig;
    }
    const auto ending = service.run_until_signalled(events);
    pool.join();  // a newsroom request may still be on it
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

}  // namespace khabar::cli
