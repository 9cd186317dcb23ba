#include "service/alert_dispatcher.h"

#include <spdlog/spdlog.h>

#include <set>

#include "alert/email_notifier.h"
#include "alert/webhook_notifier.h"
#include "service/schedule.h"
#include "util/duration.h"
#include "util/secret.h"

#include <random>

namespace khabar::service {
namespace {

constexpr int kBatchSize = 200;

alert::AlertMessage to_message(const store::PendingAlert& pending, const std::map<std::string, std::string>& countries) {
  const auto& item = pending.item;
  alert::AlertMessage message{pending.id, pending.channel, pending.rule, pending.terms,    pending.feed_name,
                              item.title, item.link,       item.summary, item.language,   item.published, {}};
  if (auto it = countries.find(pending.feed_name); it != countries.end()) message.country = it->second;
  return message;
}

}  // namespace

std::chrono::seconds alert_retry_delay(std::int64_t attempts, std::optional<std::chrono::seconds> retry_after,
                                       double jitter) {
  const auto doublings = std::min<std::int64_t>(attempts, 12);
  auto delay = std::min<std::chrono::seconds>(std::chrono::seconds(60) * (1LL << doublings), std::chrono::hours(6));
  delay = std::chrono::seconds(static_cast<long long>(static_cast<double>(delay.count()) * (0.8 + 0.4 * jitter)));
  if (retry_after) delay = std::max(delay, *retry_after);
  return delay;
}

Result<std::unique_ptr<alert::Notifier>> make_notifier(const config::AlertConfig& c, fetch::HttpClient& http) {
  if (c.type == "email") {
    auto password = read_secret(c.password.file, c.password.env);
    if (!password) return password.error();
    fetch::SmtpRequest server{c.smtp_url, c.from, c.to, c.username, *password, c.ca_file, c.starttls, c.timeout, {}};
    alert::MailEnvelope envelope{c.from, c.to, c.name + ".khabar"};
    return std::unique_ptr<alert::Notifier>(std::make_unique<alert::EmailNotifier>(std::move(server), std::move(envelope)));
  }
  auto secret = read_secret(c.secret.file, c.secret.env);
  if (!secret) return secret.error();
  alert::WebhookOptions options{c.url, c.preset, c.chat_id, *secret, c.timeout};
  return std::unique_ptr<alert::Notifier>(std::make_unique<alert::WebhookNotifier>(std::move(options), http));
}

AlertDispatcher::AlertDispatcher(const config::Config& config, fetch::HttpClient& http) {
  for (const auto& channel : config.alerts) {
    give_up_after_[channel.name] = channel.give_up_after;
    auto notifier = make_notifier(channel, http);
    if (!notifier) {
      spdlog::error("alert channel {}: {}; its alerts wait until this is fixed", channel.name, notifier.error().message);
      continue;
    }
    owned_.push_back(std::move(*notifier));
    notifiers_[channel.name] = owned_.back().get();
  }
  for (const auto& feed : config.feeds) {
    if (feed.country) feed_country_[feed.name] = *feed.country;
  }
}

AlertDispatcher::AlertDispatcher(std::map<std::string, alert::Notifier*> notifiers, std::chrono::seconds give_up_after)
    : notifiers_(std::move(notifiers)), default_give_up_(give_up_after) {}

void AlertDispatcher::failed(store::Archive& archive, const store::PendingAlert& alert,
                             const alert::DeliveryOutcome& outcome, UnixTime now, DispatchReport& report) {
  const auto limit = give_up_after_.count(alert.channel) ? give_up_after_.at(alert.channel) : default_give_up_;
  const bool too_old = now - alert.created_at >= limit.count();
  if (outcome.delivery == alert::Delivery::kFailedPermanently || too_old) {
    const auto why = too_old && outcome.delivery != alert::Delivery::kFailedPermanently
                         ? outcome.detail + "; gave up after " + format_duration(limit) + " of retries"
                         : outcome.detail;
    (void)archive.mark_failed(alert.id, why, true);
    spdlog::warn("alert {} to channel {} failed for good: {}", alert.id, alert.channel, why);
    ++report.failed;
    return;
  }
  std::optional<std::chrono::seconds> retry_after;
  if (outcome.retry_after) retry_after = parse_retry_after(*outcome.retry_after, now);
  static thread_local std::mt19937 random(std::random_device{}());
  const auto delay = alert_retry_delay(alert.attempts, retry_after, std::uniform_real_distribution<double>(0, 1)(random));
  (void)archive.mark_failed(alert.id, outcome.detail, false, now + delay.count());
  spdlog::warn("alert channel {}: {} (retrying in {})", alert.channel, outcome.detail, format_duration(delay));
  ++report.retry_later;
}

DispatchReport AlertDispatcher::deliver_pending(store::Archive& archive, UnixTime now) {
  DispatchReport report;
  auto pending = archive.pending_alerts(kBatchSize, now);
  if (!pending) {
    spdlog::error("reading the alert outbox failed: {}", pending.error().message);
    return report;
  }
  std::set<std::string> paused;  // a channel that asked to retry gets no more tries this pass
  for (const auto& alert : *pending) {
    const auto it = notifiers_.find(alert.channel);
    if (paused.count(alert.channel) || it == notifiers_.end()) continue;  // removed channels: kept for their return
    const auto outcome = it->second->deliver(to_message(alert, feed_country_));
    if (outcome.delivery == alert::Delivery::kDelivered) {
      (void)archive.mark_sent(alert.id, now);
      ++report.delivered;
      continue;
    }
    failed(archive, alert, outcome, now, report);
    if (outcome.delivery == alert::Delivery::kRetryLater) paused.insert(alert.channel);
  }
  return report;
}

}  // namespace khabar::service
