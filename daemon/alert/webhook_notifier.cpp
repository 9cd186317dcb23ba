#include "alert/webhook_notifier.h"

#include "alert/signature.h"
#include "alert/webhook_body.h"

namespace khabar::alert {
namespace {

DeliveryOutcome classify(const fetch::HttpResponse& response) {
  const auto status = response.status;
  if (status >= 200 && status < 300) return {Delivery::kDelivered, {}, {}};
  auto detail = "webhook answered HTTP " + std::to_string(status);
  // A redirect is not followed: a POST would turn into a bodyless GET, and
  // the signature would go to another host. The URL needs fixing.
  if (status >= 300 && status < 400) {
    return {Delivery::kFailedPermanently,
            detail + ", a redirect to " + response.location.value_or("(no Location)") +
                " (not followed: point the channel's url at it)",
            {}};
  }
  if (status >= 400 && status < 500 && status != 408 && status != 429)
    return {Delivery::kFailedPermanently, detail, {}};
  return {Delivery::kRetryLater, detail, response.retry_after};
}

// Matrix takes the transaction id as the last path segment, before any
// query (the access token may be there).
std::string with_segment(const std::string& url, const std::string& segment) {
  const auto query = url.find('?');
  if (query == std::string::npos) return url + "/" + segment;
  return url.substr(0, query) + "/" + segment + url.substr(query);
}

}  // namespace

WebhookNotifier::WebhookNotifier(WebhookOptions options, fetch::HttpClient& http)
    : options_(std::move(options)), http_(http) {}

DeliveryOutcome WebhookNotifier::deliver(const AlertMessage& message) {
  const auto rendered = webhook_body(message, options_.preset, options_.chat_id);
  fetch::HttpRequest request;
  request.method = rendered.method;
  const auto key = idempotency_key(message);
  request.url = options_.preset == "matrix" ? with_segment(options_.url, key) : options_.url;
  request.body = rendered.body;
  request.headers = {{"Content-Type", "application/json"}, {"Idempotency-Key", key}};
  if (!options_.secret.empty())
    request.headers.emplace_back("X-Khabar-Signature", signature_header(options_.secret, request.body));
  request.timeout = options_.timeout;
  request.follow_redirects = false;
  request.abort = options_.abort;
  request.max_body_bytes = 64 * 1024;
  auto response = http_.perform(request);
  if (!response) return {Delivery::kRetryLater, response.error().message, {}};
  return classify(*response);
}

}  // namespace khabar::alert
