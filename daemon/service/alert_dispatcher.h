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

class AlertDispatcher {
 public:
  // One notifier per configured channel.
  AlertDispatcher(const config::Config& config, fetch::HttpClient& http);
  // For tests: channels with notifiers of the caller's choosing.
  explicit AlertDispatcher(std::map<std::string, alert::Notifier*> notifiers);

  // Sends what is pending, marking each alert sent or failed as it goes, so a
  // restart never sends a delivered alert again. A channel that asks to retry
  // is skipped for the rest of this pass. Runs on the archive's thread.
  DispatchReport deliver_pending(store::Archive& archive, UnixTime now);

 private:
  std::vector<std::unique_ptr<alert::Notifier>> owned_;
  std::map<std::string, alert::Notifier*> notifiers_;
};

}  // namespace khabar::service
