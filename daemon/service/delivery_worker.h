// Delivers the alert outbox on a thread of its own, over its own connection
// to the archive, so a slow mail server or webhook never holds up storing
// feeds. It wakes when told that new alerts exist, and every few seconds for
// retries and digests whose time has come.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "service/alert_dispatcher.h"
#include "service/metrics.h"
#include "store/archive.h"

namespace khabar::service {

class DeliveryWorker {
 public:
  // `archive` is this worker's own connection; `metrics` may be null.
  DeliveryWorker(AlertDispatcher& dispatcher, store::Archive archive, Metrics* metrics,
                 std::chrono::milliseconds idle = std::chrono::seconds(5));
  ~DeliveryWorker();  // stops
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  void start();
  // New alerts are in the outbox: deliver now rather than at the next tick.
  void wake();
  // Lets the message in flight finish (bounded by its channel's timeout),
  // sends nothing more, and joins the thread. Undelivered alerts stay in the
  // outbox for the next start.
  void stop();

 private:
  void run();
  void count(const DispatchReport& report);

  AlertDispatcher& dispatcher_;
  store::Archive archive_;
  Metrics* metrics_;
  std::chrono::milliseconds idle_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool woken_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace khabar::service
