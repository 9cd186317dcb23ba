#include "service/delivery_worker.h"

#include <spdlog/spdlog.h>

namespace khabar::service {

DeliveryWorker::DeliveryWorker(AlertDispatcher& dispatcher, OpenArchive open, Metrics* metrics, asio::io_context& loop,
                               asio::thread_pool& pool, std::chrono::milliseconds idle)
    : dispatcher_(dispatcher),
      open_(std::move(open)),
      metrics_(metrics),
      loop_(loop),
      pool_(pool),
      idle_(idle),
      ended_(loop) {}

Status DeliveryWorker::start() {
  for (const auto& name : dispatcher_.channel_names()) {
    auto archive = open_();
    if (!archive) return archive.error();
    channels_.push_back({name, std::move(*archive), asio::steady_timer(loop_), false});
  }
  dispatcher_.clear_stop();
  for (auto& channel : channels_) {
    ++running_;
    spawn(loop_, deliver(channel), "alert delivery");
  }
  return Status::success();
}

void DeliveryWorker::wake() {
  asio::post(loop_, [this] {
    for (auto& channel : channels_) {
      channel.woken = true;
      channel.timer.cancel();
    }
  });
}

awaitable<void> DeliveryWorker::deliver(Channel& channel) {
  while (!stopping_) {
    channel.woken = false;
    // By reference: the coroutine waits for the work, so `channel` outlives it.
    co_await run_on(pool_.get_executor(), [this, &channel] {
      count_delivery(metrics_, channel.archive, dispatcher_.deliver_pending(channel.archive, unix_now(), channel.name));
    });
    if (stopping_ || channel.woken) continue;
    channel.timer.expires_after(idle_);
    co_await wait(channel.timer);
  }
  if (--running_ == 0) ended_.cancel();
}

awaitable<void> DeliveryWorker::drain() {
  stopping_ = true;
  dispatcher_.request_stop();
  for (auto& channel : channels_) channel.timer.cancel();
  while (running_ > 0) {
    ended_.expires_at(std::chrono::steady_clock::time_point::max());
    co_await wait(ended_);
  }
  spdlog::debug("alert delivery stopped");
}

}  // namespace khabar::service
