// Drains the alert outbox through the configured channels: alerts sent
// alone and surge alerts as they come, held alerts in a digest per channel
// at the end of each digest period.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "alert/notifier.h"
#include "config/config.h"
#include "fetch/http_client.h"
#include "service/metrics.h"
#include "service/translator.h"
#include "store/archive.h"

namespace khabar::service {

struct DispatchReport {
  int delivered = 0;  // messages: alerts, surges and digests
  int retry_later = 0;
  int failed = 0;
};

// How long a message waits before its next attempt: one minute, doubling per
// attempt up to six hours, ±20% (`jitter` in [0, 1)), and never sooner than a
// Retry-After the receiver sent.
std::chrono::seconds alert_retry_delay(std::int64_t attempts, std::optional<std::chrono::seconds> retry_after,
                                       double jitter);

// The end of the channel's latest digest period at or before `now` (UTC):
// the top of the hour for hourly digests (and for the held alerts of a
// channel without digests), the configured time of day for daily ones.
UnixTime digest_period_end(const config::AlertConfig& channel, UnixTime now);

// What the outbox needs to know of a channel's configuration.
store::ChannelPolicy channel_policy(const config::AlertConfig& channel);
std::map<std::string, store::ChannelPolicy> channel_policies(const config::Config& config);

// Adds a delivery pass's outcome to `metrics` (null: nothing), with the
// outbox's depth as `archive` sees it.
void count_delivery(Metrics* metrics, store::Archive& archive, const DispatchReport& report);

// The notifier for one channel as configured (webhook or email); secrets are
// read here. Fails when a secret cannot be read. A delivery in flight stops
// once `*abort` turns true (null: never).
Result<std::unique_ptr<alert::Notifier>> make_notifier(const config::AlertConfig& channel, fetch::HttpClient& http,
                                                       const std::atomic<bool>* abort = nullptr);

class AlertDispatcher {
 public:
  // One notifier per configured channel. A channel whose secret cannot be
  // read is logged and its alerts wait (they are not lost).
  AlertDispatcher(const config::Config& config, fetch::HttpClient& http);
  // For tests: channels with notifiers of the caller's choosing.
  AlertDispatcher(std::map<std::string, alert::Notifier*> notifiers, std::vector<config::AlertConfig> channels);

  // Sends what is due, marking each message sent or failed as it goes, so a
  // restart never sends a delivered one again; bundles held alerts into a
  // digest once their period has ended. A channel that asks to retry is
  // skipped for the rest of this pass. Only `channel`'s messages, when one is
  // named. Runs on a thread that owns `archive`; passes for different
  // channels may run at once on different threads.
  DispatchReport deliver_pending(store::Archive& archive, UnixTime now, const std::string& channel = "");

  // The configured channels' names.
  std::vector<std::string> channel_names() const;

  // From another thread: passes send nothing more, and a delivery in flight
  // stops within a second, its message left due for the next start.
  void request_stop() { stopping_ = true; }
  void clear_stop() { stopping_ = false; }

 private:
  struct Attempt {
    std::int64_t id;
    const std::string& channel;
    UnixTime created_at;
    std::int64_t attempts;
  };
  using Mark = std::function<Status(const std::string& error, bool permanent, std::optional<UnixTime> next)>;

  // One pass's state: what it delivers, and the channels that asked to be
  // left alone until their retry time.
  struct Pass {
    store::Outbox& outbox;
    UnixTime now;
    const std::string& channel;  // "" for every channel
    DispatchReport report;
    std::set<std::string> paused;
  };
  // Sends one message and records the outcome; false when a stop cut it short.
  bool send(Pass& pass, const Attempt& attempt, const alert::AlertMessage& message,
            const std::function<Status()>& mark_sent, const Mark& mark_failed);
  bool skip(const Pass& pass, const std::string& channel) const;
  void record_sent(const Attempt& attempt, const std::function<Status()>& mark_sent) const;
  void deliver_alerts(Pass& pass);
  void form_digests(Pass& pass);
  void deliver_digests(Pass& pass);
  alert::AlertMessage alert_message(store::Outbox& outbox, const store::PendingAlert& alert, UnixTime now) const;
  // Adds what an editor needs beside the reports: each one's reason.
  void explain(alert::AlertMessage& message) const;
  void translate(store::Outbox& outbox, alert::AlertMessage& message, UnixTime now) const;
  // Records a failed attempt; true when the channel asked to be left alone for now.
  bool failed(const Attempt& attempt, const alert::DeliveryOutcome& outcome, UnixTime now, const Mark& mark,
              DispatchReport& report);

  std::vector<std::unique_ptr<alert::Notifier>> owned_;
  std::map<std::string, alert::Notifier*> notifiers_;
  std::map<std::string, config::AlertConfig> channels_;
  std::map<std::string, std::string> reasons_;  // rule → its description
  std::unique_ptr<Translator> translator_;      // null: no [translate], or its key is missing
  std::atomic<bool> stopping_{false};
  bool stopped() const { return stopping_.load(); }
};

}  // namespace khabar::service
