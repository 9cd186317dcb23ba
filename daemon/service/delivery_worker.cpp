#include "service/delivery_worker.h"

#include <spdlog/spdlog.h>

namespace khabar::service {

DeliveryWorker::DeliveryWorker(AlertDispatcher& dispatcher, OpenArchive open, Metrics* metrics,
                               std::chrono::milliseconds idle)
    : dispatcher_(dispatcher), open_(std::move(open)), metrics_(metrics), idle_(idle) {}

DeliveryWorker::~DeliveryWorker() { stop(); }

Status DeliveryWorker::start() {
  const auto channels = dispatcher_.channel_names();
  archives_.reserve(channels.size());  // the threads hold references: no reallocation
  for (size_t i = 0; i < channels.size(); ++i) {
    auto archive = open_();
    if (!archive) return archive.error();
    archives_.push_back(std::move(*archive));
  }
  dispatcher_.clear_stop();
  for (size_t i = 0; i < channels.size(); ++i) {
    threads_.emplace_back([this, &archive = archives_[i], channel = channels[i]] { run(archive, channel); });
  }
  return Status::success();
}

void DeliveryWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    ++generation_;
  }
  wakeup_.notify_all();
}

void DeliveryWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  dispatcher_.request_stop();
  wakeup_.notify_all();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

void DeliveryWorker::run(store::Archive& archive, const std::string& channel) {
  std::uint64_t seen = 0;
  while (!stopping_) {
    count_delivery(metrics_, archive, dispatcher_.deliver_pending(archive, unix_now(), channel));
    std::unique_lock lock(mutex_);
    wakeup_.wait_for(lock, idle_, [&] { return generation_ != seen || stopping_.load(); });
    seen = generation_;
  }
}

}  // namespace khabar::service
