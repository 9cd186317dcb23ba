// Delivers the alert outbox in the daemon: one thread per channel, each over
// its own connection to the archive, so a slow mail server or a webhook that
// hangs never holds up storing feeds or another channel's alerts. Threads
// wake when told that new alerts exist, and every few seconds for retries
// and digests whose time has come.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "service/alert_dispatcher.h"
#include "service/metrics.h"
#include "store/archive.h"

namespace khabar::service {

class DeliveryWorker {
 public:
  using OpenArchive = std::function<Result<store::Archive>()>;
  // `open` gives each channel's thread its connection; `metrics` may be null.
  DeliveryWorker(AlertDispatcher& dispatcher, OpenArchive open, Metrics* metrics,
                 std::chrono::milliseconds idle = std::chrono::seconds(5));
  ~DeliveryWorker();  // stops
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  // Starts a thread per channel; fails when a connection cannot be opened.
  Status start();
  // New alerts are in the outbox: deliver now rather than at the next tick.
  void wake();
  // Stops the deliveries in flight (within a second; their messages stay due
  // for the next start), sends nothing more, and joins the threads.
  void stop();

 private:
  void run(store::Archive& archive, const std::string& channel);

  AlertDispatcher& dispatcher_;
  OpenArchive open_;
  Metrics* metrics_;
  std::chrono::milliseconds idle_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  std::uint64_t generation_ = 0;  // bumped by wake(): each thread tracks what it has seen
  std::atomic<bool> stopping_{false};
  std::vector<store::Archive> archives_;
  std::vector<std::thread> threads_;
};

}  // namespace khabar::service
