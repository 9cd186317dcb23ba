#include "service/poll_service.h"

#include <spdlog/spdlog.h>

#include "util/url.h"

namespace khabar::service {
namespace {

using Clock = std::chrono::steady_clock;

ScheduleLimits limits_of(const config::DaemonConfig& d) {
  return {d.min_interval, d.max_interval, d.max_backoff, d.adaptive_schedule};
}

std::string summary(size_t feeds, int failed, int items) {
  return "polling " + std::to_string(feeds) + " feeds; last cycle: " + std::to_string(items) + " new items, " +
         std::to_string(failed) + " feeds failing";
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

PollService::PollService(const config::Config& config, fetch::AsyncHttpClient& fetcher, store::Archive& archive,
                         const RuleBook& rules, AlertDispatcher& alerts, asio::io_context& loop)
    : config_(config),
      fetcher_(fetcher),
      archive_(archive),
      rules_(rules),
      alerts_(alerts),
      loop_(loop),
      gate_(config.daemon.per_host_connections, config.daemon.per_host_delay),
      pump_timer_(loop) {}

PollService::~PollService() {
  workers_.join();
  store_.join();
}

void PollService::log_report(const PollReport& report) const {
  if (report.kind == FetchOutcome::Kind::kFailed) {
    spdlog::warn("feed {}: {}", report.feed, report.error);
  } else if (report.kind == FetchOutcome::Kind::kNotModified) {
    spdlog::debug("feed {}: not modified", report.feed);
  } else {
    spdlog::info("feed {}: {} new items, {} matches", report.feed, report.ingest.new_items, report.ingest.new_matches);
  }
}

// Reads each enabled feed's stored state; runs before any store work starts.
std::vector<PollService::Slot> PollService::load_slots(bool honour_stored_schedule) {
  std::vector<Slot> slots;
  const auto now_wall = unix_now();
  const auto now = Clock::now();
  for (const auto& feed : config_.feeds) {
    if (!feed.enabled) continue;
    auto state = archive_.ensure_feed(feed.name, feed.url, feed.country);
    if (!state) {
      spdlog::error("feed {}: {}", feed.name, state.error().message);
      continue;
    }
    auto due = now;
    if (honour_stored_schedule && state->next_poll && *state->next_poll > now_wall) {
      due += std::chrono::seconds(*state->next_poll - now_wall);
    }
    const auto host = url_host(state->url).value_or("");
    slots.push_back({&feed, std::move(*state), host, due, false});
  }
  return slots;
}

// Starts what the limits allow from the ready queue, in order; the rest waits
// for a finished fetch or the pump timer.
void PollService::pump() {
  const auto now = Clock::now();
  std::optional<Clock::time_point> retry;
  for (auto it = ready_.begin(); it != ready_.end() && in_flight_ < config_.daemon.max_concurrent_fetches;) {
    Slot& slot = **it;
    if (!gate_.may_start(slot.host, now)) {
      const auto when = gate_.earliest_start(slot.host);
      if (when > now) retry = retry ? std::min(*retry, when) : when;
      ++it;
      continue;
    }
    it = ready_.erase(it);
    slot.queued = false;
    start(slot);
  }
  if (retry) arm_pump_timer(*retry);
}

void PollService::arm_pump_timer(Clock::time_point when) {
  pump_timer_.expires_at(when);
  pump_timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) pump();
  });
}

void PollService::start(Slot& slot) {
  slot.busy = true;
  slot.started = Clock::now();
  ++in_flight_;
  gate_.started(slot.host, Clock::now());
  fetcher_.start(feed_request(config_.daemon, slot.state), [this, &slot](Result<fetch::HttpResponse> response) {
    gate_.finished(slot.host);
    // Parsing can take milliseconds on a big feed: never on the loop.
    asio::post(workers_, [this, &slot, response = std::move(response)]() mutable {
      auto outcome = outcome_of(config_.daemon, std::move(response));
      asio::post(store_, [this, &slot, outcome = std::move(outcome)]() mutable {
        const auto now = unix_now();
        auto report = store_outcome(archive_, rules_, *slot.feed, slot.state.id, outcome, now);
        auto after = archive_.feed_state(slot.feed->name);
        if (after && *after) slot.state = std::move(**after);
        const auto next = schedule_next(slot, outcome, slot.state, now);
        if (report.ingest.new_alerts > 0 && new_alerts_) new_alerts_();
        asio::post(loop_, [this, &slot, report = std::move(report), next] { finished(slot, report, next); });
      });
    });
  });
}

// On the store thread: when this feed is due again, remembered in the archive.
UnixTime PollService::schedule_next(Slot& slot, const FetchOutcome& outcome, const store::FeedState& after,
                                    UnixTime now) {
  PollObservation seen;
  seen.failed = outcome.kind == FetchOutcome::Kind::kFailed;
  seen.consecutive_errors = static_cast<int>(after.consecutive_errors);
  if (outcome.retry_after) seen.retry_after = parse_retry_after(*outcome.retry_after, now);
  if (outcome.cache_control) seen.max_age = parse_max_age(*outcome.cache_control);
  if (outcome.feed.feed.ttl_minutes) seen.ttl = std::chrono::minutes(*outcome.feed.feed.ttl_minutes);
  seen.skip_hours = outcome.feed.feed.skip_hours;
  if (auto times = archive_.recent_item_times(slot.state.id, 20)) seen.item_times = std::move(*times);
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  const auto delay = next_poll_delay(slot.feed->poll_interval, seen, limits_of(config_.daemon), now, jitter(random_));
  (void)archive_.set_next_poll(slot.state.id, now + delay.count());
  return now + delay.count();
}

void PollService::finished(Slot& slot, PollReport report, UnixTime next_poll) {
  --in_flight_;
  slot.busy = false;
  slot.failing = report.kind == FetchOutcome::Kind::kFailed;
  count_poll(slot, report);
  slot.due = Clock::now() + std::chrono::seconds(std::max<UnixTime>(next_poll - unix_now(), 1));
  log_report(report);
  if (on_done_) on_done_(slot, report);
  pump();
}

void PollService::count_poll(const Slot& slot, const PollReport& report) {
  if (!metrics_) return;
  metrics_->polls++;
  if (report.kind == FetchOutcome::Kind::kNotModified) metrics_->not_modified++;
  if (report.kind == FetchOutcome::Kind::kFailed) metrics_->errors[static_cast<size_t>(classify_failure(report.error))]++;
  metrics_->new_items += report.ingest.new_items;
  metrics_->matches += report.ingest.new_matches;
  const double seconds = std::chrono::duration<double>(Clock::now() - slot.started).count();
  metrics_->last_poll_seconds = seconds;
  metrics_->poll_seconds_sum.fetch_add(seconds);
  metrics_->feeds = static_cast<long long>(slots_.size());
  metrics_->failing_feeds = std::count_if(slots_.begin(), slots_.end(), [](const Slot& s) { return s.failing; });
}

CycleReport PollService::poll_once() {
  CycleReport report;
  slots_ = load_slots(false);
  size_t remaining = slots_.size();
  auto guard = asio::make_work_guard(loop_);
  on_done_ = [&](Slot&, const PollReport& feed_report) {
    report.feeds.push_back(feed_report);
    if (--remaining == 0) guard.reset();
  };
  for (auto& slot : slots_) {
    slot.queued = true;
    ready_.push_back(&slot);
  }
  if (remaining == 0) guard.reset();
  asio::post(loop_, [this] { pump(); });
  loop_.run();
  loop_.restart();
  // Delivery runs where every archive access runs: on the store thread.
  asio::post(store_, [&] {
    report.alerts = alerts_.deliver_pending(archive_, unix_now());
    count_delivery(metrics_, archive_, report.alerts);
  });
  store_.wait();
  on_done_ = nullptr;
  return report;
}

PollService::Ending PollService::run_until_signalled(ServiceEvents& events) {
  slots_ = load_slots(true);
  asio::signal_set signals(loop_, SIGINT, SIGTERM, SIGHUP);
  asio::steady_timer schedule_timer(loop_), watchdog_timer(loop_);
  Ending ending = Ending::kStopped;
  int cycle_items = 0, failing = 0;

  std::function<void()> schedule;
  // Wakes the scheduler at `when`, unless it is already due to wake sooner.
  auto wake_at = [&](Clock::time_point when) {
    if (schedule_timer.expiry() > Clock::now() && schedule_timer.expiry() <= when) return;
    schedule_timer.expires_at(when);  // cancels the pending wait, whose handler then does nothing
    schedule_timer.async_wait([&](const boost::system::error_code& error) {
      if (!error && !stopping_) schedule();
    });
  };
  schedule = [&] {
    const auto now = Clock::now();
    auto next = now + std::chrono::hours(1);
    for (auto& slot : slots_) {
      if (slot.busy) continue;
      if (slot.due <= now && !slot.queued) {
        slot.queued = true;
        ready_.push_back(&slot);
      }
      else if (slot.due > now) next = std::min(next, slot.due);
    }
    pump();
    schedule_timer.expires_at(next);
    schedule_timer.async_wait([&](const boost::system::error_code& error) {
      if (!error && !stopping_) schedule();
    });
  };
  on_done_ = [&](Slot& slot, const PollReport& report) {
    cycle_items += report.ingest.new_items;
    failing += report.kind == FetchOutcome::Kind::kFailed ? 1 : 0;
    if (!stopping_) {
      events.status(summary(slots_.size(), failing, cycle_items));
      wake_at(slot.due);  // the feed's next poll, which may come before the scheduler's next wake-up
    } else if (in_flight_ == 0) {
      loop_.stop();  // the last poll in flight is done: leave, whatever else listens on the loop
    }
  };
  std::function<void()> watch = [&] {
    if (events.watchdog_interval().count() == 0) return;
    events.watchdog();
    watchdog_timer.expires_after(events.watchdog_interval() / 2);
    watchdog_timer.async_wait([&](const boost::system::error_code& error) {
      if (!error) watch();
    });
  };
  signals.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) return;
    ending = signal == SIGHUP ? Ending::kReloadRequested : Ending::kStopped;
    spdlog::info("{}: finishing {} fetches in flight", signal == SIGHUP ? "reload requested" : "stopping", in_flight_);
    if (ending == Ending::kStopped) events.stopping();
    stopping_ = true;
    for (auto* slot : ready_) slot->queued = false;
    ready_.clear();
    pump_timer_.cancel();
    schedule_timer.cancel();
    if (in_flight_ == 0) loop_.stop();
  });
  // Retention: prune at start and once a day, where the archive is used.
  asio::steady_timer prune_timer(loop_);
  std::function<void()> prune = [&] {
    asio::post(store_, [this] {
      const auto& keep = config_.archive;
      auto pruned = archive_.prune(unix_now(), keep.keep_days, keep.keep_matched_days);
      if (!pruned) spdlog::error("pruning the archive failed: {}", pruned.error().message);
      else if (*pruned > 0) spdlog::info("pruned {} items older than {} days", *pruned, keep.keep_days);
    });
    prune_timer.expires_after(std::chrono::hours(24));
    prune_timer.async_wait([&](const boost::system::error_code& error) {
      if (!error && !stopping_) prune();
    });
  };
  if (config_.archive.keep_days > 0) prune();
  events.ready(summary(slots_.size(), 0, 0));
  spdlog::info("polling {} feeds", slots_.size());
  watch();
  schedule();
  loop_.run();
  loop_.restart();
  store_.wait();
  on_done_ = nullptr;
  stopping_ = false;
  spdlog::info(ending == Ending::kStopped ? "stopped" : "reloading the configuration");
  return ending;
}

}  // namespace khabar::service
