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

// A Telegram walk back reads at most this many pages in one poll, whatever
// the backfill: a channel that keeps answering with the same page must not
// hold a poll forever.
constexpr int kMaxOlderPages = 50;

std::vector<const config::FeedConfig*> enabled_feeds(const config::Config& config) {
  std::vector<const config::FeedConfig*> feeds;
  for (const auto& feed : config.feeds) {
    if (feed.enabled) feeds.push_back(&feed);
  }
  return feeds;
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
                         const RuleBook& rules, AlertDispatcher& alerts, asio::io_context& loop,
                         asio::thread_pool* pool)
    : config_(config),
      fetcher_(fetcher),
      archive_(archive),
      rules_(rules),
      alerts_(alerts),
      loop_(loop),
      own_pool_(pool ? nullptr : std::make_unique<asio::thread_pool>(2)),
      pool_(pool ? *pool : *own_pool_),
      gate_(config.daemon.per_host_connections, config.daemon.per_host_delay),
      pump_timer_(loop),
      schedule_timer_(loop),
      idle_timer_(loop) {}

PollService::~PollService() {
  if (own_pool_) own_pool_->join();
  commit_batch();  // normally committed already, by the last poll stored
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

// Reads each feed's stored state into a slot, stopping at the first failure:
// on a locked archive every further feed would wait out the busy timeout.
PollService::Loaded PollService::read_states(const std::vector<const config::FeedConfig*>& feeds,
                                             bool honour_stored_schedule) {
  Loaded loaded;
  const auto now_wall = unix_now();
  const auto now = Clock::now();
  // One transaction for all the feeds (a savepoint when a batch is open):
  // not one WAL commit per feed.
  store::Transaction transaction(archive_.database());
  for (size_t i = 0; i < feeds.size(); ++i) {
    const auto* feed = feeds[i];
    auto state = archive_.ensure_feed(feed->name, feed->url, feed->country);
    if (!state) {
      spdlog::error("feed {}: {}", feed->name, state.error().message);
      loaded.unloaded.assign(feeds.begin() + static_cast<std::ptrdiff_t>(i), feeds.end());
      loaded.error = state.error().message;
      break;
    }
    auto due = now;
    if (honour_stored_schedule && state->next_poll && *state->next_poll > now_wall) {
      due += std::chrono::seconds(*state->next_poll - now_wall);
    }
    const auto host = url_host(state->url).value_or("");
    loaded.slots.push_back({feed, std::move(*state), host, due});
  }
  if (auto status = transaction.commit(); !status) {  // none of them is stored: all are tried again
    spdlog::error("feeds: {}", status.error().message);
    loaded.slots.clear();
    loaded.unloaded = feeds;
    loaded.error = status.error().message;
  }
  return loaded;
}

// On the loop, where the scheduler reads the slots. /health answers 503, and
// says why, while any feed is not loaded.
void PollService::add_slots(Loaded& loaded) {
  for (auto& slot : loaded.slots) slots_.push_back(std::move(slot));
  if (!metrics_) return;
  metrics_->feeds = static_cast<long long>(slots_.size());
  metrics_->feeds_unloaded = static_cast<long long>(loaded.unloaded.size());
  metrics_->set_load_error(loaded.error);
}

// Loads the feeds off the loop (so /health answers meanwhile), retrying with
// backoff: a locked or read-only archive at start must not leave the daemon
// polling nothing forever behind a healthy-looking /health.
awaitable<void> PollService::load_feeds(std::vector<const config::FeedConfig*> feeds) {
  asio::steady_timer timer(loop_);
  auto backoff = std::chrono::seconds(1);
  for (bool first = true; !feeds.empty() && !stopping_; first = false) {
    if (!first) {
      spdlog::warn("{} feeds not loaded yet; retrying in {}s", feeds.size(), backoff.count());
      timer.expires_after(backoff);
      if (!co_await wait(timer)) co_return;
      backoff = std::min(backoff * 2, std::chrono::seconds(60));
    }
    // By reference: GCC 12 destroys a co_await expression's temporaries
    // twice, so a lambda holding a copy of the vector would free it twice.
    auto loaded = co_await run_on(archive_strand_, [this, &feeds] { return read_states(feeds, true); });
    add_slots(loaded);
    feeds = std::move(loaded.unloaded);
    if (feeds.empty()) spdlog::info("polling {} feeds", slots_.size());
    schedule_timer_.cancel();  // the scheduler queues the new slots now
  }
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
  if (!retry) return;
  pump_timer_.expires_at(*retry);
  pump_timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) pump();
  });
}

void PollService::start(Slot& slot) {
  slot.busy = true;
  slot.started = Clock::now();
  ++in_flight_;
  gate_.started(slot.host, slot.started);
  spawn(loop_, poll(slot), "poll");
}

// One poll of one feed: fetch and parse (a Telegram channel's older pages
// too, when posts may have been missed), then store, on the archive's strand.
awaitable<void> PollService::poll(Slot& slot) {
  auto outcome = co_await fetch_page(slot, feed_request(config_.daemon, *slot.feed, slot.state));
  if (slot.feed->type == config::FeedType::kTelegram) co_await walk_back(slot, outcome);
  if (outcome.kind == FetchOutcome::Kind::kParsed) {
    co_await run_on(pool_.get_executor(), [this, &slot, &outcome] { prepare_records(outcome, *slot.feed, rules_); });
  }
  if (slot.feed->fetch_article != config::ArticleFetch::kNever) co_await fetch_articles(slot, outcome);
  ++stores_waiting_;
  auto stored = co_await run_on(archive_strand_, [this, &slot, &outcome] { return store(slot, std::move(outcome)); });
  finished(slot, std::move(stored.report), stored.next_poll);
}

// Fetches on the loop (the host's turn already taken) and parses on the pool.
awaitable<FetchOutcome> PollService::fetch_page(const Slot& slot, fetch::HttpRequest request) {
  auto response = co_await fetch_async(fetcher_, std::move(request));
  gate_.finished(slot.host);
  const auto& daemon = config_.daemon;
  const auto& feed = *slot.feed;
  co_return co_await run_on(pool_.get_executor(),
                            [&daemon, &feed, &response] { return outcome_of(daemon, feed, std::move(response)); });
}

// On the first poll, and after a gap, reads the channel's older pages
// (?before=N) until it reaches a known post or `backfill` posts. A failing
// older page ends the walk; what was read is kept.
awaitable<void> PollService::walk_back(Slot& slot, FetchOutcome& outcome) {
  if (outcome.kind != FetchOutcome::Kind::kParsed) co_return;
  const auto known = telegram_post_number(slot.state.cursor);
  for (int pages = 0; pages < kMaxOlderPages && needs_older_page(outcome.feed, known, slot.feed->backfill); ++pages) {
    const auto url = *outcome.feed.feed.older_page;
    if (!co_await wait_for_host(slot.host)) co_return;
    auto older = co_await fetch_page(slot, page_request(config_.daemon, *slot.feed, url));
    if (older.kind != FetchOutcome::Kind::kParsed) {
      spdlog::warn("feed {}: older posts at {}: {}", slot.feed->name, mask_credentials(url), older.error);
      co_return;
    }
    const auto before = newest_post(older.feed.items);
    const auto oldest_so_far =
        outcome.feed.items.empty() ? std::nullopt : telegram_post_number(outcome.feed.items.back().id);
    outcome.feed.feed.older_page = older.feed.feed.older_page;
    if (!before || (oldest_so_far && *before >= *oldest_so_far)) co_return;  // no progress: stop
    for (auto& item : older.feed.items) outcome.feed.items.push_back(std::move(item));
  }
}

// The articles behind the items that are new or changed (and pass the
// prefilter, for "candidates"), fetched politely one after another, their
// main text extracted on the pool. A failed article costs its item nothing
// but the article: the item is stored and matched on what it has. Needs
// the records prepare_records made.
awaitable<void> PollService::fetch_articles(Slot& slot, FetchOutcome& outcome) {
  if (outcome.kind != FetchOutcome::Kind::kParsed || outcome.feed.items.empty()) co_return;
  const auto& feed = *slot.feed;
  const auto& records = outcome.records;
  const auto feed_id = slot.state.id;
  auto fresh =
      co_await run_on(archive_strand_, [this, feed_id, &records] { return archive_.new_or_changed(feed_id, records); });
  if (!fresh) {
    spdlog::warn("feed {}: articles not fetched: {}", feed.name, fresh.error().message);
    co_return;
  }
  const auto wanted = article_candidates(feed, rules_, records, *fresh, config_.daemon.max_articles_per_poll);
  for (const size_t index : wanted) {
    const auto& url = *records[index].link;
    const auto host = url_host(url).value_or("");
    if (!co_await wait_for_host(host)) co_return;
    auto response = co_await fetch_async(fetcher_, page_request(config_.daemon, feed, url));
    gate_.finished(host);
    outcome.articles.push_back(co_await run_on(pool_.get_executor(), [&feed, index, &response] {
      return article_of(feed, index, std::move(response), unix_now());
    }));
  }
}

// Waits for the host's politeness delay and connection cap; false when the
// service is stopping.
awaitable<bool> PollService::wait_for_host(const std::string& host) {
  asio::steady_timer timer(loop_);
  while (!stopping_) {
    const auto now = Clock::now();
    if (gate_.may_start(host, now)) {
      gate_.started(host, now);
      co_return true;
    }
    timer.expires_at(std::max(gate_.earliest_start(host), now + std::chrono::milliseconds(50)));
    co_await wait(timer);
  }
  co_return false;
}

// On the archive's strand: the items, matches and alerts, and the next poll.
// One savepoint for all of it, within the batch of polls stored back to
// back: a feed that answered 304 costs no WAL commit of its own.
PollService::Stored PollService::store(Slot& slot, FetchOutcome outcome) {
  --stores_waiting_;
  open_batch();
  const auto now = unix_now();
  store::Transaction transaction(archive_.database());
  auto report = store_outcome(archive_, rules_, *slot.feed, slot.state.id, outcome, now);
  auto after = archive_.feed_state(slot.feed->name);
  if (after && *after) slot.state = std::move(**after);
  const auto next = schedule_next(slot, outcome, slot.state, now);
  if (!transaction.begin_status().ok()) {
    spdlog::warn("feed {}: the poll was stored statement by statement: {}", slot.feed->name,
                 transaction.begin_status().error().message);
  } else if (auto status = transaction.commit(); !status) {
    spdlog::error("feed {}: storing the poll failed: {}", slot.feed->name, status.error().message);
  }
  batch_alerts_ = batch_alerts_ || report.ingest.new_alerts > 0;
  if (archive_.in_batch()) batch_slots_.push_back(&slot);
  const bool full = batch_slots_.size() >= kBatchPolls || Clock::now() - batch_opened_ >= kBatchAge;
  if (stores_waiting_.load() == 0 || full) commit_batch();
  return {std::move(report), next};
}

// On the archive's strand. Without a batch (the archive locked by another
// writer, say) each poll is its own transaction, as before.
void PollService::open_batch() {
  if (archive_.in_batch()) return;
  batch_opened_ = Clock::now();
  if (auto status = archive_.begin_batch(); !status)
    spdlog::debug("storing polls one by one: {}", status.error().message);
}

// On the archive's strand (or once the pool has stopped). A failed commit
// loses the batch's polls: their feeds forget their validators, so that the
// next poll fetches and stores the items again instead of hearing 304.
void PollService::commit_batch() {
  if (archive_.in_batch()) {
    if (auto status = archive_.commit_batch(); !status) {
      spdlog::error("storing {} polls failed: {}; their feeds are fetched in full next time", batch_slots_.size(),
                    status.error().message);
      for (Slot* slot : batch_slots_) {
        slot->state.etag.reset();
        slot->state.last_modified.reset();
      }
    }
  }
  batch_slots_.clear();
  if (batch_alerts_ && new_alerts_) new_alerts_();
  batch_alerts_ = false;
}

// On the archive's strand: when this feed is due again, remembered in the archive.
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
  if (auto status = archive_.set_next_poll(slot.state.id, now + delay.count()); !status) {
    spdlog::warn("feed {}: keeping its next poll failed: {}", slot.feed->name, status.error().message);
  }
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
  if (in_flight_ == 0) idle_timer_.cancel();
  if (!stopping_ && slot.due < schedule_timer_.expiry()) schedule_timer_.cancel();  // due before the next wake-up
  pump();
}

void PollService::count_poll(const Slot& slot, const PollReport& report) {
  if (!metrics_) return;
  metrics_->polls++;
  if (report.kind == FetchOutcome::Kind::kNotModified) metrics_->not_modified++;
  if (report.kind == FetchOutcome::Kind::kFailed) metrics_->errors[static_cast<size_t>(report.failure)]++;
  metrics_->new_items += report.ingest.new_items;
  metrics_->matches += report.ingest.new_matches;
  const double seconds = std::chrono::duration<double>(Clock::now() - slot.started).count();
  metrics_->last_poll_seconds = seconds;
  metrics_->poll_seconds_sum.fetch_add(seconds);
  metrics_->feeds = static_cast<long long>(slots_.size());
  metrics_->failing_feeds = std::count_if(slots_.begin(), slots_.end(), [](const Slot& s) { return s.failing; });
}

// Until no poll is in flight.
awaitable<void> PollService::until_idle() {
  while (in_flight_ > 0 || !ready_.empty()) {
    // Several coroutines may wait here: re-arming would cancel the others.
    if (idle_timer_.expiry() != Clock::time_point::max()) idle_timer_.expires_at(Clock::time_point::max());
    co_await wait(idle_timer_);
  }
}

// Every enabled feed once, then the alerts the cycle created.
awaitable<void> PollService::cycle(CycleReport& report) {
  for (auto& slot : slots_) {
    slot.queued = true;
    ready_.push_back(&slot);
  }
  pump();
  co_await until_idle();
  report.alerts = co_await run_on(archive_strand_, [this] {
    commit_batch();  // normally committed already, by the last poll stored
    auto delivered = alerts_.deliver_pending(archive_, unix_now());
    count_delivery(metrics_, archive_, delivered);
    return delivered;
  });
}

CycleReport PollService::poll_once() {
  CycleReport report;
  slots_.clear();
  auto loaded = read_states(enabled_feeds(config_), false);
  add_slots(loaded);
  on_done_ = [&](Slot&, const PollReport& feed_report) { report.feeds.push_back(feed_report); };
  asio::co_spawn(loop_, cycle(report), [this](std::exception_ptr failure) {
    if (failure) spdlog::error("poll cycle failed");
    loop_.stop();  // the transfers' idle timers need not run out
  });
  loop_.run();
  loop_.restart();
  on_done_ = nullptr;
  return report;
}

void PollService::enqueue_due(Clock::time_point now) {
  for (auto& slot : slots_) {
    if (!slot.busy && !slot.queued && slot.due <= now) {
      slot.queued = true;
      ready_.push_back(&slot);
    }
  }
}

// The scheduler: queues the feeds that are due, starts what the limits
// allow, and sleeps until the next feed is due or a poll wakes it.
awaitable<void> PollService::schedule() {
  while (!stopping_) {
    const auto now = Clock::now();
    enqueue_due(now);
    pump();
    auto next = now + std::chrono::hours(1);
    for (const auto& slot : slots_) {
      if (!slot.busy && !slot.queued) next = std::min(next, slot.due);
    }
    schedule_timer_.expires_at(std::max(next, now + std::chrono::milliseconds(10)));
    co_await wait(schedule_timer_);
  }
}

awaitable<void> PollService::keep_watchdog_fed(ServiceEvents& events) {
  if (events.watchdog_interval().count() == 0) co_return;
  asio::steady_timer timer(loop_);
  while (!stopping_) {
    events.watchdog();
    timer.expires_after(events.watchdog_interval() / 2);
    co_await wait(timer);
  }
}

// Retention: prune at start and once a day, where the archive is used.
awaitable<void> PollService::prune_daily() {
  asio::steady_timer timer(loop_);
  const auto& keep = config_.archive;
  while (!stopping_) {
    auto pruned = co_await run_on(
        archive_strand_, [this, &keep] { return archive_.prune(unix_now(), keep.keep_days, keep.keep_matched_days); });
    if (!pruned)
      spdlog::error("pruning the archive failed: {}", pruned.error().message);
    else if (*pruned > 0)
      spdlog::info("pruned {} items older than {} days", *pruned, keep.keep_days);
    timer.expires_after(std::chrono::hours(24));
    if (!co_await wait(timer)) co_return;
  }
}

// SIGTERM/SIGINT stop, SIGHUP reloads: either way the polls in flight
// finish and the archive's work drains before the loop stops.
awaitable<void> PollService::stop_on_signal(ServiceEvents& events, Ending& ending) {
  asio::signal_set signals(loop_, SIGINT, SIGTERM, SIGHUP);
  const int signal = co_await signals.async_wait(asio::use_awaitable);
  ending = signal == SIGHUP ? Ending::kReloadRequested : Ending::kStopped;
  spdlog::info("{}: finishing {} fetches in flight", signal == SIGHUP ? "reload requested" : "stopping", in_flight_);
  if (ending == Ending::kStopped) events.stopping();
  stopping_ = true;
  for (auto* slot : ready_) slot->queued = false;
  ready_.clear();
  pump_timer_.cancel();
  schedule_timer_.cancel();
  co_await until_idle();
  co_await run_on(archive_strand_, [this] { commit_batch(); });  // the archive's queue is empty
  if (before_stopping_) co_await before_stopping_();
  loop_.stop();  // whatever else listens on the loop (the metrics endpoint) stops too
}

PollService::Ending PollService::run_until_signalled(ServiceEvents& events) {
  slots_.clear();
  Ending ending = Ending::kStopped;
  int cycle_items = 0, failing = 0;
  on_done_ = [&](Slot&, const PollReport& report) {
    cycle_items += report.ingest.new_items;
    failing += report.kind == FetchOutcome::Kind::kFailed ? 1 : 0;
    if (!stopping_) events.status(summary(slots_.size(), failing, cycle_items));
  };
  const auto feeds = enabled_feeds(config_);
  if (metrics_) {
    metrics_->feeds = 0;
    metrics_->feeds_unloaded = static_cast<long long>(feeds.size());
    metrics_->set_load_error("still reading their state from the archive");
  }
  events.ready("loading " + std::to_string(feeds.size()) + " feeds");
  spawn(loop_, stop_on_signal(events, ending), "signals");
  spawn(loop_, keep_watchdog_fed(events), "watchdog");
  if (config_.archive.keep_days > 0) spawn(loop_, prune_daily(), "retention");
  spawn(loop_, schedule(), "scheduler");
  spawn(loop_, load_feeds(feeds), "feed loading");
  loop_.run();
  loop_.restart();
  on_done_ = nullptr;
  stopping_ = false;
  spdlog::info(ending == Ending::kStopped ? "stopped" : "reloading the configuration");
  return ending;
}

}  // namespace khabar::service
