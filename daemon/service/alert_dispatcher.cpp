#include "service/alert_dispatcher.h"

#include <spdlog/spdlog.h>

#include <set>

#include "alert/webhook_notifier.h"

namespace khabar::service {
namespace {

constexpr int kBatchSize = 200;

alert::AlertMessage to_message(const store::PendingAlert& pending) {
  const auto& item = pending.item;
  return {pending.id, pending.channel, pending.rule,     pending.terms,    pending.feed_name,
          item.title, item.link,       item.summary,     item.language,    item.published};
}

}  // namespace

AlertDispatcher::AlertDispatcher(const config::Config& config, fetch::HttpClient& http) {
  for (const auto& channel : config.alerts) {
    owned_.push_back(std::make_unique<alert::WebhookNotifier>(channel.url, http, std::chrono::seconds(15)));
    notifiers_[channel.name] = owned_.back().get();
  }
}

AlertDispatcher::AlertDispatcher(std::map<std::string, alert::Notifier*> notifiers)
    : notifiers_(std::move(notifiers)) {}

DispatchReport AlertDispatcher::deliver_pending(store::Archive& archive, UnixTime now) {
  DispatchReport report;
  auto pending = archive.pending_alerts(kBatchSize);
  if (!pending) {
    spdlog::error("reading the alert outbox failed: {}", pending.error().message);
    return report;
  }
  std::set<std::string> paused;
  for (const auto& alert : *pending) {
    const auto it = notifiers_.find(alert.channel);
    if (paused.count(alert.channel)) continue;
    if (it == notifiers_.end()) continue;  // channel removed from the config: keep for when it returns
    const auto outcome = it->second->deliver(to_message(alert));
    if (outcome.delivery == alert::Delivery::kDelivered) {
      (void)archive.mark_sent(alert.id, now);
      ++report.delivered;
      continue;
    }
    const bool permanent = outcome.delivery == alert::Delivery::kFailedPermanently;
    (void)archive.mark_failed(alert.id, outcome.detail, permanent);
    spdlog::warn("alert channel {}: {} ({})", alert.channel, outcome.detail, permanent ? "given up" : "will retry");
    if (permanent) {
      ++report.failed;
    } else {
      ++report.retry_later;
      paused.insert(alert.channel);
    }
  }
  return report;
}

}  // namespace khabar::service
