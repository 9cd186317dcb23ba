#include "service/poll_service.h"

#include <spdlog/spdlog.h>

#include <map>
#include <random>

#include "util/asio.h"

namespace khabar::service {
namespace {

constexpr size_t kMaxConcurrentFetches = 8;

size_t worker_count(size_t feeds) { return std::max<size_t>(1, std::min(feeds, kMaxConcurrentFetches)); }

std::chrono::steady_clock::duration jittered(std::chrono::seconds interval, std::mt19937& random) {
  // ±10% so that feeds configured together do not stay in lock-step.
  std::uniform_real_distribution<double> spread(0.9, 1.1);
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval * spread(random));
}

}  // namespace

int CycleReport::failed_feeds() const {
  int failed = 0;
  for (const auto& f : feeds) failed += f.kind == FetchOutcome::Kind::kFailed;
  return failed;
}

int CycleReport::new_items() const {
  int items = 0;
  for (const auto& f : feeds) items += f.ingest.new_items;
  return items;
}

PollService::PollService(const config::Config& config, fetch::HttpClient& http, store::Archive& archive,
                         const RuleBook& rules, AlertDispatcher& alerts)
    : config_(config), http_(http), archive_(archive), rules_(rules), alerts_(alerts) {}

void PollService::log_report(const PollReport& report) const {
  if (report.kind == FetchOutcome::Kind::kFailed) {
    spdlog::warn("feed {}: {}", report.feed, report.error);
  } else if (report.kind == FetchOutcome::Kind::kNotModified) {
    spdlog::debug("feed {}: not modified", report.feed);
  } else {
    spdlog::info("feed {}: {} new items, {} matches", report.feed, report.ingest.new_items, report.ingest.new_matches);
  }
}

CycleReport PollService::poll_once() {
  CycleReport report;
  std::vector<const config::FeedConfig*> feeds;
  for (const auto& feed : config_.feeds) {
    if (feed.enabled) feeds.push_back(&feed);
  }
  // Read every feed's state before any store work starts: the archive is
  // used by one thread at a time.
  std::vector<std::pair<const config::FeedConfig*, store::FeedState>> states;
  for (const auto* feed : feeds) {
    auto state = archive_.ensure_feed(feed->name, feed->url);
    if (state) states.emplace_back(feed, std::move(*state));
    else spdlog::error("feed {}: {}", feed->name, state.error().message);
  }
  asio::thread_pool fetchers(worker_count(feeds.size()));
  asio::thread_pool store_thread(1);
  for (const auto& [feed, state] : states) {
    asio::post(fetchers, [this, feed = feed, state = state, &store_thread, &report] {
      auto outcome = fetch_feed(http_, config_.daemon, *feed, state);
      asio::post(store_thread, [this, feed, id = state.id, outcome = std::move(outcome), &report]() mutable {
        report.feeds.push_back(store_outcome(archive_, rules_, *feed, id, std::move(outcome), unix_now()));
        log_report(report.feeds.back());
      });
    });
  }
  fetchers.join();
  store_thread.join();
  report.alerts = alerts_.deliver_pending(archive_, unix_now());
  return report;
}

void PollService::run_until_signalled() {
  asio::io_context loop;
  asio::thread_pool fetchers(worker_count(config_.feeds.size()));
  asio::thread_pool store_thread(1);
  asio::signal_set signals(loop, SIGINT, SIGTERM);
  asio::steady_timer timer(loop);
  std::mt19937 random(std::random_device{}());
  std::map<const config::FeedConfig*, std::chrono::steady_clock::time_point> due;  // absent = in flight
  bool stopping = false;

  for (const auto& feed : config_.feeds) {
    if (feed.enabled) due[&feed] = std::chrono::steady_clock::now();
  }

  std::function<void()> schedule;
  auto start_poll = [&](const config::FeedConfig* feed) {
    due.erase(feed);
    asio::post(store_thread, [&, feed] {
      auto state = archive_.ensure_feed(feed->name, feed->url);
      if (!state) {
        spdlog::error("feed {}: {}", feed->name, state.error().message);
        return asio::post(loop, [&, feed] { due[feed] = std::chrono::steady_clock::now() + feed->poll_interval; });
      }
      asio::post(fetchers, [&, feed, state = *state] {
        auto outcome = fetch_feed(http_, config_.daemon, *feed, state);
        asio::post(store_thread, [&, feed, id = state.id, outcome = std::move(outcome)]() mutable {
          log_report(store_outcome(archive_, rules_, *feed, id, std::move(outcome), unix_now()));
          alerts_.deliver_pending(archive_, unix_now());
          asio::post(loop, [&, feed] {
            due[feed] = std::chrono::steady_clock::now() + jittered(feed->poll_interval, random);
            if (!stopping) schedule();
          });
        });
      });
    });
  };

  schedule = [&] {
    const auto now = std::chrono::steady_clock::now();
    auto next = now + std::chrono::hours(1);
    std::vector<const config::FeedConfig*> ready;
    for (const auto& [feed, when] : due) {
      if (when <= now) ready.push_back(feed);
      else next = std::min(next, when);
    }
    for (const auto* feed : ready) start_poll(feed);
    timer.expires_at(next);
    timer.async_wait([&](const boost::system::error_code& error) {
      if (!error && !stopping) schedule();
    });
  };

  signals.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) return;
    spdlog::info("received signal {}: finishing in-flight work", signal);
    stopping = true;
    timer.cancel();
  });
  spdlog::info("polling {} feeds", due.size());
  schedule();
  loop.run();
  fetchers.join();
  store_thread.join();
  spdlog::info("stopped");
}

}  // namespace khabar::service
