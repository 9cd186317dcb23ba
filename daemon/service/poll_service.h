// The daemon's polling loop. Concurrency model (docs/architecture.md): state
// lives on the io_context, where coroutines fetch (libcurl's multi
// interface), schedule and keep the politeness limits; blocking work runs on
// one bounded pool: parsing on any of its threads, and everything that
// touches the archive (storing, matching, scheduling) on one strand of it.
// In the daemon, alerts are delivered by a DeliveryWorker.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <vector>

#include "config/config.h"
#include "fetch/async_http_client.h"
#include "service/alert_dispatcher.h"
#include "service/async.h"
#include "service/feed_poller.h"
#include "service/host_gate.h"
#include "service/metrics.h"
#include "service/rule_book.h"
#include "service/schedule.h"
#include "store/archive.h"
#include "util/asio.h"

namespace khabar::service {

struct CycleReport {
  std::vector<PollReport> feeds;
  DispatchReport alerts;
  int failed_feeds() const;
  int new_items() const;
};

// What the service tells its supervisor (systemd), and how often.
class ServiceEvents {
 public:
  virtual ~ServiceEvents() = default;
  virtual void ready(const std::string& status) = 0;
  virtual void status(const std::string& status) = 0;
  virtual void stopping() = 0;
  virtual void watchdog() = 0;
  // How often watchdog() must be called; zero when nobody watches.
  virtual std::chrono::microseconds watchdog_interval() const = 0;
};

class PollService {
 public:
  // Blocking work runs on `pool`, the daemon's one pool (which its owner
  // joins); without one, the service keeps a small pool of its own.
  PollService(const config::Config& config, fetch::AsyncHttpClient& fetcher, store::Archive& archive,
              const RuleBook& rules, AlertDispatcher& alerts, asio::io_context& loop,
              asio::thread_pool* pool = nullptr);
  ~PollService();
  PollService(const PollService&) = delete;
  PollService& operator=(const PollService&) = delete;

  // Polls every enabled feed once, stores, matches and delivers alerts. A
  // failing feed is logged with its name and does not stop the others.
  CycleReport poll_once();

  // Counts what happens into `metrics` (which must outlive the service).
  void set_metrics(Metrics& metrics) { metrics_ = &metrics; }
  // Called on the store thread when a feed's items created alerts (the
  // daemon wakes its DeliveryWorker). poll_once delivers by itself at the end.
  void on_new_alerts(std::function<void()> hook) { new_alerts_ = std::move(hook); }
  // Awaited on the loop when a signal ends the run, after the polls in
  // flight and the archive's queue: the daemon's DeliveryWorker drains here,
  // while the loop still runs.
  void before_stopping(std::function<awaitable<void>()> hook) { before_stopping_ = std::move(hook); }

  enum class Ending { kStopped, kReloadRequested };
  // Polls on schedule until SIGTERM or SIGINT (kStopped) or SIGHUP
  // (kReloadRequested), then lets in-flight work finish and returns. Sends
  // no alerts: see on_new_alerts.
  Ending run_until_signalled(ServiceEvents& events);

 private:
  struct Slot {
    const config::FeedConfig* feed;
    store::FeedState state;
    std::string host;
    std::chrono::steady_clock::time_point due;
    bool busy = false;
    bool queued = false;  // in ready_, waiting for the limits
    bool failing = false;
    std::chrono::steady_clock::time_point started{};
  };
  struct Stored {
    PollReport report;
    UnixTime next_poll = 0;
  };
  using Done = std::function<void(Slot&, const PollReport&)>;

  // Slots for the feeds whose stored state could be read, and the feeds
  // whose could not (a locked or read-only archive) with the error.
  struct Loaded {
    std::vector<Slot> slots;
    std::vector<const config::FeedConfig*> unloaded;
    std::string error;
  };
  Loaded read_states(const std::vector<const config::FeedConfig*>& feeds, bool honour_stored_schedule);
  void add_slots(Loaded& loaded);
  awaitable<void> load_feeds(std::vector<const config::FeedConfig*> feeds);
  void pump();
  void start(Slot& slot);
  awaitable<void> poll(Slot& slot);
  awaitable<FetchOutcome> fetch_page(const Slot& slot, fetch::HttpRequest request);
  awaitable<void> walk_back(Slot& slot, FetchOutcome& outcome);
  awaitable<void> fetch_articles(Slot& slot, FetchOutcome& outcome);
  awaitable<bool> wait_for_host(const std::string& host);
  Stored store(Slot& slot, FetchOutcome outcome);
  void open_batch();
  void commit_batch();
  void finished(Slot& slot, PollReport report, UnixTime next_poll);
  UnixTime schedule_next(Slot& slot, const FetchOutcome& outcome, const store::FeedState& after, UnixTime now);
  void log_report(const PollReport& report) const;
  void count_poll(const Slot& slot, const PollReport& report);
  void enqueue_due(std::chrono::steady_clock::time_point now);
  awaitable<void> schedule();
  awaitable<void> keep_watchdog_fed(ServiceEvents& events);
  awaitable<void> prune_daily();
  awaitable<void> stop_on_signal(ServiceEvents& events, Ending& ending);
  awaitable<void> until_idle();
  awaitable<void> cycle(CycleReport& report);

  const config::Config& config_;
  fetch::AsyncHttpClient& fetcher_;
  store::Archive& archive_;
  const RuleBook& rules_;
  AlertDispatcher& alerts_;
  asio::io_context& loop_;
  std::unique_ptr<asio::thread_pool> own_pool_;  // only without a shared one
  asio::thread_pool& pool_;
  asio::strand<asio::thread_pool::executor_type> archive_strand_{pool_.get_executor()};
  HostGate gate_;
  asio::steady_timer pump_timer_;
  asio::steady_timer schedule_timer_;
  asio::steady_timer idle_timer_;  // cancelled when the last poll in flight finishes
  std::deque<Slot> slots_;         // a deque: ready_ points into it while more are loaded
  std::deque<Slot*> ready_;
  size_t in_flight_ = 0;
  bool stopping_ = false;
  std::function<void()> new_alerts_;
  // Polls stored back to back share one archive batch (each its own
  // savepoint within), committed when no other poll waits for the archive,
  // or at kBatchPolls polls or kBatchAge: a commit writes the WAL frames and
  // the search index's new segment once for them all, not once per feed.
  // Only the archive's strand touches the batch; stores_waiting_ is counted
  // on the loop as a poll heads for the strand.
  static constexpr size_t kBatchPolls = 64;
  static constexpr std::chrono::milliseconds kBatchAge{250};
  std::vector<Slot*> batch_slots_;
  std::chrono::steady_clock::time_point batch_opened_{};
  bool batch_alerts_ = false;
  std::atomic<int> stores_waiting_{0};
  std::function<awaitable<void>()> before_stopping_;
  Done on_done_;
  Metrics* metrics_ = nullptr;
  std::mt19937 random_{std::random_device{}()};
};

}  // namespace khabar::service
