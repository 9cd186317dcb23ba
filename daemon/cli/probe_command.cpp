#include "cli/probe_command.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/table.h"
#include "fetch/curl_multi_client.h"
#include "service/async.h"
#include "service/feed_poller.h"
#include "service/host_gate.h"
#include "service/source_probe.h"
#include "store/archive.h"
#include "util/json_nullable.h"
#include "util/url.h"

namespace khabar::cli {
namespace {

using service::awaitable;
using Clock = std::chrono::steady_clock;

// The sources named on the command line (or every configured one), as
// [[feed]] tables: a name picks the configured feed, a URL stands alone.
std::optional<std::vector<config::FeedConfig>> targets(const config::Config& config, const ProbeArgs& args) {
  std::vector<config::FeedConfig> out;
  if (args.all) return config.feeds;
  for (const auto& source : args.sources) {
    const auto it = std::find_if(config.feeds.begin(), config.feeds.end(),
                                 [&](const config::FeedConfig& f) { return f.name == source || f.url == source; });
    if (it != config.feeds.end())
      out.push_back(*it);
    else if (is_http_url(source))
      out.push_back(service::feed_for_url(source));
    else {
      std::cerr << "feeds probe: \"" << source << "\" is neither a configured feed nor an http(s) URL\n";
      return std::nullopt;
    }
  }
  return out;
}

class Prober {
 public:
  Prober(const config::Config& config, asio::io_context& loop, fetch::AsyncHttpClient& client, size_t sources)
      : daemon_(config.daemon),
        loop_(loop),
        client_(client),
        gate_(1, config.daemon.per_host_delay),
        remaining_(sources) {}

  awaitable<void> probe(const config::FeedConfig& feed, service::ProbeReport& report) {
    const auto host = url_host(feed.url).value_or("");
    asio::steady_timer timer(loop_);
    while (!gate_.may_start(host, Clock::now())) {
      timer.expires_at(std::max(gate_.earliest_start(host), Clock::now() + std::chrono::milliseconds(20)));
      co_await service::wait(timer);
    }
    gate_.started(host, Clock::now());
    auto response = co_await service::fetch_async(client_, service::page_request(daemon_, feed, feed.url));
    gate_.finished(host);
    report = service::judge_probe(daemon_, feed, response, unix_now());
    if (--remaining_ == 0) loop_.stop();  // idle connections need not time out
  }

 private:
  const config::DaemonConfig& daemon_;
  asio::io_context& loop_;
  fetch::AsyncHttpClient& client_;
  service::HostGate gate_;
  size_t remaining_;
};

std::string date_or_dash(const std::optional<UnixTime>& time) {
  return time ? format_rfc3339(*time).substr(0, 10) : "-";
}

std::string table(const std::vector<service::ProbeReport>& reports) {
  std::string out = fit("SOURCE", 24) + "  " + fit("KIND", 8) + "  " + fit("HTTP", 4) + "  " + fit("ITEMS", 5) + "  " +
                    fit("NEWEST", 10) + "  " + fit("VERDICT", 10) + "  DETAIL\n";
  for (const auto& r : reports) {
    std::string detail = r.detail;
    if (r.redirects > 0)
      detail += (detail.empty() ? "" : "; ") + std::to_string(r.redirects) + " redirects to " + r.final_url;
    if (!r.encoding.empty() && r.encoding != "utf-8") detail += (detail.empty() ? "" : "; ") + r.encoding;
    out += fit(r.source, 24) + "  " + fit(r.kind.empty() ? "-" : r.kind, 8) + "  " +
           fit(r.status ? std::to_string(r.status) : "-", 4) + "  " + fit(std::to_string(r.items), 5) + "  " +
           fit(date_or_dash(r.newest), 10) + "  " + fit(r.verdict, 10) + "  " + detail + "\n";
  }
  return out;
}

std::string json(const std::vector<service::ProbeReport>& reports) {
  auto list = nlohmann::ordered_json::array();
  for (const auto& r : reports) {
    list.push_back({{"source", r.source},
                    {"url", r.url},
                    {"status", r.status},
                    {"redirects", r.redirects},
                    {"final_url", r.final_url},
                    {"etag", nullable(r.etag)},
                    {"last_modified", nullable(r.last_modified)},
                    {"content_type", r.content_type},
                    {"kind", r.kind},
                    {"encoding", r.encoding},
                    {"items", r.items},
                    {"newest", r.newest ? nlohmann::ordered_json(format_rfc3339(*r.newest)) : nlohmann::ordered_json()},
                    {"verdict", r.verdict},
                    {"detail", r.detail}});
  }
  return nlohmann::ordered_json{{"sources", list}}.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// Records each configured source's verdict; says which could not be.
int write_verdicts(const config::Config& config, const std::vector<config::FeedConfig>& feeds,
                   const std::vector<service::ProbeReport>& reports) {
  auto archive = store::Archive::open(config.daemon.database);
  if (!archive) {
    std::cerr << "feeds probe --write: " << archive.error().message << "\n";
    return kExitFailure;
  }
  for (size_t i = 0; i < feeds.size(); ++i) {
    if (feeds[i].name.empty()) {
      std::cerr << "feeds probe --write: " << feeds[i].url << " is not configured: its verdict is not kept\n";
      continue;
    }
    auto state = archive->ensure_feed(feeds[i].name, feeds[i].url, feeds[i].country);
    Status status = state ? archive->record_probe(state->id, {unix_now(), reports[i].verdict, reports[i].detail})
                          : Status(state.error());
    if (!status) std::cerr << "feeds probe --write: " << feeds[i].name << ": " << status.error().message << "\n";
  }
  return kExitOk;
}

}  // namespace

int probe_command(const config::Config& config, const ProbeArgs& args) {
  if (!args.all && args.sources.empty()) {
    std::cerr << "feeds probe: name feeds or URLs to probe, or give --all\n";
    return kExitUsage;
  }
  auto feeds = targets(config, args);
  if (!feeds) return kExitUsage;
  asio::io_context loop;
  fetch::CurlMultiOptions options;
  options.max_host_connections = 1;
  fetch::CurlMultiClient client(loop, fetch::user_agent(config.daemon.contact), options);
  Prober prober(config, loop, client, feeds->size());
  std::vector<service::ProbeReport> reports(feeds->size());
  for (size_t i = 0; i < feeds->size(); ++i) service::spawn(loop, prober.probe((*feeds)[i], reports[i]), "probe");
  if (!feeds->empty()) loop.run();
  std::cout << (args.json ? json(reports) : table(reports));
  if (args.write && write_verdicts(config, *feeds, reports) != kExitOk) return kExitFailure;
  const bool all_ok = std::all_of(reports.begin(), reports.end(), [](const auto& r) { return r.verdict == "ok"; });
  return all_ok ? kExitOk : kExitFailure;
}

}  // namespace khabar::cli
