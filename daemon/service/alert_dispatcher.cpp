#include "service/alert_dispatcher.h"

#include <spdlog/spdlog.h>

#include <random>
#include <thread>

#include "alert/email_notifier.h"
#include "alert/webhook_notifier.h"
#include "service/schedule.h"
#include "util/duration.h"
#include "util/secret.h"

namespace khabar::service {
namespace {

constexpr int kBatchSize = 200;
constexpr int kDigestBatch = 20;

alert::Report report_of(const store::PendingAlert& a) {
  const auto& item = a.item;
  alert::Report report{a.id,       a.rule,    a.terms,      a.feed_name,   a.country,
                       item.title, item.link, item.summary, item.language, item.published};
  report.rules = a.rules;
  report.item_id = a.item_id;
  for (const auto& g : a.glosses) report.glosses.push_back({g.term, g.en, g.ru});
  return report;
}

// Held alerts grouped by story, stories in the order their first report came.
std::vector<alert::StoryReports> by_story(const std::vector<store::PendingAlert>& alerts) {
  std::vector<alert::StoryReports> stories;
  std::map<std::int64_t, size_t> index;
  for (const auto& a : alerts) {
    if (a.story) {
      auto [it, added] = index.emplace(*a.story, stories.size());
      if (!added) {
        stories[it->second].reports.push_back(report_of(a));
        continue;
      }
    }
    stories.push_back({a.story, {report_of(a)}});
  }
  return stories;
}

double jitter() {
  static thread_local std::mt19937 random(std::random_device{}());
  return std::uniform_real_distribution<double>(0, 1)(random);
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

UnixTime digest_period_end(const config::AlertConfig& channel, UnixTime now) {
  const bool daily = channel.digest == "daily";
  const UnixTime period = daily ? 86400 : 3600;
  const UnixTime offset = daily ? channel.digest_at.count() : 0;
  const UnixTime since = now - offset;
  const UnixTime periods = since >= 0 ? since / period : (since - period + 1) / period;
  return periods * period + offset;
}

void count_delivery(Metrics* metrics, store::Archive& archive, const DispatchReport& report) {
  if (!metrics) return;
  metrics->alerts_sent += report.delivered;
  metrics->alerts_failed += report.retry_later + report.failed;
  if (auto depth = archive.outbox().pending_count()) metrics->outbox_depth = *depth;
}

store::ChannelPolicy channel_policy(const config::AlertConfig& c) {
  return {!c.digest.empty(), c.every_report, c.max_per_hour, c.surge_countries, c.surge_within.count()};
}

std::map<std::string, store::ChannelPolicy> channel_policies(const config::Config& config) {
  std::map<std::string, store::ChannelPolicy> out;
  for (const auto& channel : config.alerts) out[channel.name] = channel_policy(channel);
  return out;
}

Result<std::unique_ptr<alert::Notifier>> make_notifier(const config::AlertConfig& c, fetch::HttpClient& http,
                                                       const std::atomic<bool>* abort) {
  if (c.type == "email") {
    auto password = read_secret(c.password.file, c.password.env);
    if (!password) return password.error();
    fetch::SmtpRequest server{c.smtp_url, c.from,     c.to,      c.username, *password,
                              c.ca_file,  c.starttls, c.timeout, {},         abort};
    alert::MailEnvelope envelope{c.from, c.to, c.name + ".khabar"};
    return std::unique_ptr<alert::Notifier>(
        std::make_unique<alert::EmailNotifier>(std::move(server), std::move(envelope)));
  }
  auto secret = read_secret(c.secret.file, c.secret.env);
  if (!secret) return secret.error();
  alert::WebhookOptions options{c.url, c.preset, c.chat_id, *secret, c.timeout, abort};
  return std::unique_ptr<alert::Notifier>(std::make_unique<alert::WebhookNotifier>(std::move(options), http));
}

AlertDispatcher::AlertDispatcher(const config::Config& config, fetch::HttpClient& http) {
  for (const auto& rule : config.rules) reasons_[rule.name] = rule.description;
  if (!config.translate.url.empty()) {
    auto key = read_secret(config.translate.api_key.file, config.translate.api_key.env);
    if (!key)
      spdlog::error("translate: {}; alerts go out untranslated", key.error().message);
    else
      translator_ = std::make_unique<Translator>(config.translate, *key, http);
  }
  for (const auto& channel : config.alerts) {
    channels_[channel.name] = channel;
    auto notifier = make_notifier(channel, http, &stopping_);
    if (!notifier) {
      spdlog::error("alert channel {}: {}; its alerts wait until this is fixed", channel.name,
                    notifier.error().message);
      continue;
    }
    owned_.push_back(std::move(*notifier));
    notifiers_[channel.name] = owned_.back().get();
  }
}

AlertDispatcher::AlertDispatcher(std::map<std::string, alert::Notifier*> notifiers,
                                 std::vector<config::AlertConfig> channels)
    : notifiers_(std::move(notifiers)) {
  for (auto& channel : channels) channels_[channel.name] = std::move(channel);
}

// A failure that could not be written to the outbox is tried again at the
// next pass as if it were new: worth a line in the log, not a stop.
static void log_unmarked(std::int64_t id, const std::string& channel, const Status& marked) {
  if (!marked)
    spdlog::warn("alert {} to channel {}: recording the failure failed: {}", id, channel, marked.error().message);
}

bool AlertDispatcher::failed(const Attempt& attempt, const alert::DeliveryOutcome& outcome, UnixTime now,
                             const Mark& mark, DispatchReport& report) {
  const auto found = channels_.find(attempt.channel);
  const auto limit = found == channels_.end() ? config::AlertConfig{}.give_up_after : found->second.give_up_after;
  const bool permanent = outcome.delivery == alert::Delivery::kFailedPermanently;
  const bool too_old = now - attempt.created_at >= limit.count();
  if (permanent || too_old) {
    const auto why =
        permanent ? outcome.detail : outcome.detail + "; gave up after " + format_duration(limit) + " of retries";
    log_unmarked(attempt.id, attempt.channel, mark(why, true, std::nullopt));
    spdlog::warn("alert {} to channel {} failed for good: {}", attempt.id, attempt.channel, why);
    ++report.failed;
    return false;
  }
  std::optional<std::chrono::seconds> retry_after;
  if (outcome.retry_after) retry_after = parse_retry_after(*outcome.retry_after, now);
  const auto delay = alert_retry_delay(attempt.attempts, retry_after, jitter());
  log_unmarked(attempt.id, attempt.channel, mark(outcome.detail, false, now + delay.count()));
  spdlog::warn("alert channel {}: {} (retrying in {})", attempt.channel, outcome.detail, format_duration(delay));
  ++report.retry_later;
  return true;
}

alert::AlertMessage AlertDispatcher::alert_message(store::Outbox& outbox, const store::PendingAlert& a,
                                                   UnixTime now) const {
  alert::AlertMessage message{alert::MessageKind::kAlert, a.id, a.channel, {{a.story, {report_of(a)}}}, {}};
  if (a.kind != "surge" || !a.story) return message;
  message.kind = alert::MessageKind::kSurge;
  const auto found = channels_.find(a.channel);
  const auto window = found == channels_.end() ? config::AlertConfig{}.surge_within : found->second.surge_within;
  auto reports = outbox.story_reports(*a.story, a.channel, now - window.count());
  if (reports && !reports->empty()) message.stories = by_story(*reports);
  return message;
}

void AlertDispatcher::explain(alert::AlertMessage& message) const {
  for (auto& story : message.stories) {
    for (auto& report : story.reports) {
      const auto it = reasons_.find(report.rule);
      if (it != reasons_.end()) report.reason = it->second;
    }
  }
}

// The channel's language for each report in another one: from the archive's
// cache, else from the service (then cached). A failure leaves the report
// untranslated, saying why; the alert goes out all the same.
void AlertDispatcher::translate(store::Outbox& outbox, alert::AlertMessage& message, UnixTime now) const {
  const auto channel = channels_.find(message.channel);
  if (channel == channels_.end() || channel->second.translate_to.empty()) return;
  const auto& target = channel->second.translate_to;
  std::optional<std::string> service_down;  // after one failure, the rest of the message does not wait again
  for (auto& story : message.stories) {
    for (auto& report : story.reports) {
      const auto language = report.language.value_or("");
      if (language.substr(0, language.find('-')) == target) continue;
      if (auto cached = outbox.translation(report.item_id, target); cached && *cached) {
        report.translation = alert::Translation{target, (*cached)->title, (*cached)->summary};
        continue;
      }
      if (!translator_ || service_down) {
        report.untranslated = service_down.value_or("the translation service is not available (see the log)");
        continue;
      }
      auto translated = translator_->translate(report.title, report.summary, language, target);
      if (!translated) {
        report.untranslated = translated.error().message;
        service_down = translated.error().message;
        spdlog::warn("alert channel {}: {}: sent untranslated", message.channel, translated.error().message);
        continue;
      }
      report.translation = *translated;
      (void)outbox.save_translation(report.item_id, {target, translated->title, translated->summary},
                                    now);  // a cache: losing it costs a request
    }
  }
}

bool AlertDispatcher::send(Pass& pass, const Attempt& attempt, const alert::AlertMessage& original,
                           const std::function<Status()>& mark_sent, const Mark& mark_failed) {
  auto message = original;
  explain(message);
  translate(pass.outbox, message, pass.now);
  const auto outcome = notifiers_.at(attempt.channel)->deliver(message);
  if (outcome.delivery == alert::Delivery::kDelivered) {
    record_sent(attempt, mark_sent);
    ++pass.report.delivered;
    return true;
  }
  if (stopped()) return false;  // cut short by the stop: not the receiver's failure, still due
  if (failed(attempt, outcome, pass.now, mark_failed, pass.report)) pass.paused.insert(attempt.channel);
  return true;
}

// A delivered message must be recorded, or it goes out again: while the
// database does not answer (locked by a backup, a long write), keep asking.
void AlertDispatcher::record_sent(const Attempt& attempt, const std::function<Status()>& mark_sent) const {
  constexpr auto kPause = std::chrono::milliseconds(200);
  constexpr int kAttemptsWhenStopping = 25;  // 5 s: a stop waits that long for the record
  int failures = 0;
  for (auto status = mark_sent(); !status; status = mark_sent()) {
    if (failures++ == 0) {
      spdlog::error(
          "alert {} to channel {} was delivered but recording it failed ({}); retrying until the database answers",
          attempt.id, attempt.channel, status.error().message);
    }
    if (stopped() && failures > kAttemptsWhenStopping) {
      spdlog::error(
          "alert {} to channel {}: not recorded as sent; it will be sent again after the restart, with the same key",
          attempt.id, attempt.channel);
      return;
    }
    std::this_thread::sleep_for(kPause);
  }
  if (failures > 0) spdlog::info("alert {} to channel {}: recorded as sent", attempt.id, attempt.channel);
}

bool AlertDispatcher::skip(const Pass& pass, const std::string& channel) const {
  // Removed channels' alerts are kept for their return.
  return pass.paused.count(channel) || !notifiers_.count(channel);
}

void AlertDispatcher::deliver_alerts(Pass& pass) {
  // Batch after batch until the outbox has nothing more this pass can send:
  // a full outbox drains at once, not a batch per wake-up.
  for (bool more = true; more && !stopped();) {
    auto pending = pass.outbox.due_alerts(kBatchSize, pass.now, pass.channel);
    if (!pending) {
      spdlog::error("reading the alert outbox failed: {}", pending.error().message);
      return;
    }
    int attempted = 0;
    for (const auto& a : *pending) {
      if (stopped()) return;
      if (skip(pass, a.channel)) continue;
      ++attempted;
      const auto sent = [&] { return pass.outbox.mark_sent(a.id, pass.now); };
      const Mark failed = [&](const std::string& error, bool permanent, std::optional<UnixTime> next) {
        return pass.outbox.mark_failed(a.id, error, permanent, next);
      };
      if (!send(pass, {a.id, a.channel, a.created_at, a.attempts}, alert_message(pass.outbox, a, pass.now), sent,
                failed)) {
        return;
      }
    }
    more = pending->size() == static_cast<size_t>(kBatchSize) && attempted > 0;
  }
}

void AlertDispatcher::form_digests(Pass& pass) {
  for (const auto& [name, channel] : channels_) {
    if (!notifiers_.count(name) || (!pass.channel.empty() && name != pass.channel)) continue;
    auto formed = pass.outbox.form_digest(name, digest_period_end(channel, pass.now), pass.now);
    if (!formed) spdlog::error("alert channel {}: forming its digest failed: {}", name, formed.error().message);
  }
}

void AlertDispatcher::deliver_digests(Pass& pass) {
  auto digests = pass.outbox.due_digests(kDigestBatch, pass.now, pass.channel);
  if (!digests) {
    spdlog::error("reading the alert outbox failed: {}", digests.error().message);
    return;
  }
  for (const auto& d : *digests) {
    if (stopped()) return;
    if (skip(pass, d.channel) || d.alerts.empty()) continue;
    const alert::AlertMessage message{alert::MessageKind::kDigest, d.id, d.channel, by_story(d.alerts), {}};
    const auto sent = [&] { return pass.outbox.mark_digest_sent(d.id, pass.now); };
    const Mark failed = [&](const std::string& error, bool permanent, std::optional<UnixTime> next) {
      return pass.outbox.mark_digest_failed(d.id, error, permanent, next);
    };
    if (!send(pass, {d.id, d.channel, d.created_at, d.attempts}, message, sent, failed)) return;
  }
}

DispatchReport AlertDispatcher::deliver_pending(store::Archive& archive, UnixTime now, const std::string& channel) {
  auto outbox = archive.outbox();
  Pass pass{outbox, now, channel, {}, {}};
  deliver_alerts(pass);
  form_digests(pass);
  deliver_digests(pass);
  return pass.report;
}

std::vector<std::string> AlertDispatcher::channel_names() const {
  std::vector<std::string> names;
  for (const auto& [name, channel] : channels_) names.push_back(name);
  return names;
}

}  // namespace khabar::service
