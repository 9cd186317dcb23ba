#pragma once

#include <nlohmann/json.hpp>

#include "alert/notifier.h"
#include "fetch/http_client.h"

namespace khabar::alert {

// The JSON body of a webhook alert (documented in docs/webhooks.md).
nlohmann::ordered_json webhook_payload(const AlertMessage& message);

// Delivers alerts as JSON POSTs. 2xx is delivered; 4xx other than 408 and
// 429 is permanent; anything else, and no response, is retried later.
class WebhookNotifier : public Notifier {
 public:
  WebhookNotifier(std::string url, fetch::HttpClient& http, std::chrono::seconds timeout);
  DeliveryOutcome deliver(const AlertMessage& message) override;

 private:
  std::string url_;
  fetch::HttpClient& http_;
  std::chrono::seconds timeout_;
};

}  // namespace khabar::alert
