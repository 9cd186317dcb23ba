#include "service/delivery_worker.h"

#include <spdlog/spdlog.h>

namespace khabar::service {

DeliveryWorker::DeliveryWorker(AlertDispatcher& dispatcher, store::Archive archive, Metrics* metrics,
                               std::chrono::milliseconds idle)
    : dispatcher_(dispatcher), archive_(std::move(archive)), metrics_(metrics), idle_(idle) {}

DeliveryWorker::~DeliveryWorker() { stop(); }

void DeliveryWorker::start() {
  dispatcher_.set_stop_flag(&stopping_);
  thread_ = std::thread([this] { run(); });
}

void DeliveryWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wakeup_.notify_one();
}

void DeliveryWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_one();
  if (thread_.joinable()) thread_.join();
  dispatcher_.set_stop_flag(nullptr);
}

void DeliveryWorker::run() {
  while (!stopping_) {
    count(dispatcher_.deliver_pending(archive_, unix_now()));
    std::unique_lock lock(mutex_);
    wakeup_.wait_for(lock, idle_, [this] { return woken_ || stopping_.load(); });
    woken_ = false;
  }
}

void DeliveryWorker::count(const DispatchReport& report) {
  if (report.delivered + report.retry_later + report.failed > 0) {
    spdlog::debug("alerts: {} delivered, {} to retry, {} failed", report.delivered, report.retry_later, report.failed);
  }
  if (!metrics_) return;
  metrics_->alerts_sent += report.delivered;
  metrics_->alerts_failed += report.retry_later + report.failed;
  if (auto depth = archive_.outbox().pending_count()) metrics_->outbox_depth = *depth;
}

}  // namespace khabar::service
