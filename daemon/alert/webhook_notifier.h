#pragma once

#include "alert/notifier.h"
#include "fetch/http_client.h"

namespace khabar::alert {

struct WebhookOptions {
  std::string url;
  std::string preset = "json";
  std::string chat_id;  // telegram
  std::string secret;   // HMAC key for X-Khabar-Signature; empty: unsigned
  std::chrono::seconds timeout{15};
  const std::atomic<bool>* abort = nullptr;  // a request in flight stops once this turns true
};

// Delivers alerts as JSON requests in the channel's preset, signed when a
// secret is set, with an Idempotency-Key. 2xx is delivered; 4xx other than
// 408 and 429 is permanent; anything else, and no response, is retried.
class WebhookNotifier : public Notifier {
 public:
  WebhookNotifier(WebhookOptions options, fetch::HttpClient& http);
  DeliveryOutcome deliver(const AlertMessage& message) override;

 private:
  WebhookOptions options_;
  fetch::HttpClient& http_;
};

}  // namespace khabar::alert
