// Delivers the alert outbox in the daemon. Each channel is a coroutine on
// the loop that hands its deliveries, over a connection to the archive of
// its own, to the daemon's blocking pool: a slow mail server or a webhook
// that hangs never holds up storing feeds or another channel's alerts. A
// channel wakes when told that new alerts exist, and every few seconds for
// retries and digests whose time has come.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "service/alert_dispatcher.h"
#include "service/async.h"
#include "service/metrics.h"
#include "store/archive.h"
#include "util/asio.h"

namespace khabar::service {

class DeliveryWorker {
 public:
  using OpenArchive = std::function<Result<store::Archive>()>;
  // `open` gives each channel its connection; `metrics` may be null. The
  // channels run on `loop` and deliver on `pool`.
  DeliveryWorker(AlertDispatcher& dispatcher, OpenArchive open, Metrics* metrics, asio::io_context& loop,
                 asio::thread_pool& pool, std::chrono::milliseconds idle = std::chrono::seconds(5));
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  // Starts a coroutine per channel; fails when a connection cannot be opened.
  Status start();
  // New alerts are in the outbox: deliver now rather than at the next tick.
  // Safe from any thread.
  void wake();
  // On the loop: stops the deliveries in flight (within a second; their
  // messages stay due for the next start), sends nothing more, and returns
  // when every channel has ended.
  awaitable<void> drain();

 private:
  struct Channel {
    std::string name;
    store::Archive archive;
    asio::steady_timer timer;
    bool woken = false;  // a wake that came while a delivery was in flight
  };
  awaitable<void> deliver(Channel& channel);

  AlertDispatcher& dispatcher_;
  OpenArchive open_;
  Metrics* metrics_;
  asio::io_context& loop_;
  asio::thread_pool& pool_;
  std::chrono::milliseconds idle_;
  std::deque<Channel> channels_;  // a deque: the coroutines hold references
  size_t running_ = 0;
  bool stopping_ = false;
  asio::steady_timer ended_;  // cancelled when the last channel ends
};

}  // namespace khabar::service
