// Drains the alert outbox through the configured channels.
#pragma once

#include <map>
#include <memory>

#include "alert/notifier.h"
#include "config/config.h"
#include "fetch/http_client.h"
#include "store/archive.h"

namespace khabar::service {

struct DispatchReport {
  int delivered = 0;
  int retry_later = 0;
  int failed = 0;
};

// How long an alert waits before its next attempt: one minute, doubling per
// attempt up to six hours, ±20% (`jitter` in [0, 1)), and never sooner than a
// Retry-After the receiver sent.
std::chrono::seconds alert_retry_delay(std::int64_t attempts, std::optional<std::chrono::seconds> retry_after,
                                       double jitter);

// The notifier for one channel as configured (webhook or email); secrets are
// read here. Fails when a secret cannot be read.
Result<std::unique_ptr<alert::Notifier>> make_notifier(const config::AlertConfig& channel, fetch::HttpClient& http);

class AlertDispatcher {
 public:
  // One notifier per configured channel. A channel whose secret cannot be
  // read is logged and its alerts wait (they are not lost).
  AlertDispatcher(const config::Config& config, fetch::HttpClient& http);
  // For tests: channels with notifiers of the caller's choosing.
  explicit AlertDispatcher(std::map<std::string, alert::Notifier*> notifiers,
                           std::chrono::seconds give_up_after = std::chrono::hours(72));

  // Sends what is pending, marking each alert sent or failed as it goes, so a
  // restart never sends a delivered alert again. A channel that asks to retry
  // is skipped for the rest of this pass. Runs on the archive's thread.
  DispatchReport deliver_pending(store::Archive& archive, UnixTime now);

 private:
  void failed(store::Archive& archive, const store::PendingAlert& alert, const alert::DeliveryOutcome& outcome,
              UnixTime now, DispatchReport& report);

  std::vector<std::unique_ptr<alert::Notifier>> owned_;
  std::map<std::string, alert::Notifier*> notifiers_;
  std::map<std::string, std::chrono::seconds> give_up_after_;
  std::map<std::string, std::string> feed_country_;
  std::chrono::seconds default_give_up_{72 * 3600};
};

}  // namespace khabar::service
