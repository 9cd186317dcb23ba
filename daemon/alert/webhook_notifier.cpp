#include "alert/webhook_notifier.h"

namespace khabar::alert {
namespace {

template <typename T>
nlohmann::ordered_json nullable(const std::optional<T>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

DeliveryOutcome classify(long status) {
  if (status >= 200 && status < 300) return {Delivery::kDelivered, {}};
  const auto detail = "webhook answered HTTP " + std::to_string(status);
  if (status >= 400 && status < 500 && status != 408 && status != 429) return {Delivery::kFailedPermanently, detail};
  return {Delivery::kRetryLater, detail};
}

}  // namespace

nlohmann::ordered_json webhook_payload(const AlertMessage& m) {
  return {{"id", m.id},
          {"rule", m.rule},
          {"terms", m.terms},
          {"feed", m.feed},
          {"item",
           {{"title", nullable(m.title)},
            {"link", nullable(m.link)},
            {"summary", nullable(m.summary)},
            {"language", nullable(m.language)},
            {"published", m.published ? nlohmann::ordered_json(format_rfc3339(*m.published)) : nullptr}}}};
}

WebhookNotifier::WebhookNotifier(std::string url, fetch::HttpClient& http, std::chrono::seconds timeout)
    : url_(std::move(url)), http_(http), timeout_(timeout) {}

DeliveryOutcome WebhookNotifier::deliver(const AlertMessage& message) {
  fetch::HttpRequest request;
  request.method = "POST";
  request.url = url_;
  request.body = webhook_payload(message).dump();
  request.headers = {{"Content-Type", "application/json"},
                     {"Idempotency-Key", "khabar-alert-" + std::to_string(message.id)}};
  request.timeout = timeout_;
  request.max_body_bytes = 64 * 1024;
  auto response = http_.perform(request);
  if (!response) return {Delivery::kRetryLater, response.error().message};
  return classify(response->status);
}

}  // namespace khabar::alert
