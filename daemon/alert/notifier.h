// Alert delivery: what a notifier is asked to send, and what came of it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/time_format.h"

namespace khabar::alert {

// One matched item for one rule, addressed to one channel.
struct AlertMessage {
  std::int64_t id = 0;  // stable across retries: the idempotency key
  std::string channel;
  std::string rule;
  std::vector<std::string> terms;
  std::string feed;
  std::optional<std::string> title;
  std::optional<std::string> link;
  std::optional<std::string> summary;
  std::optional<std::string> language;
  std::optional<UnixTime> published;
  std::optional<std::string> country;  // the feed's, from the catalogue
};

enum class Delivery { kDelivered, kRetryLater, kFailedPermanently };

struct DeliveryOutcome {
  Delivery delivery = Delivery::kDelivered;
  std::string detail;  // why it was not delivered; never holds secrets
  std::optional<std::string> retry_after;  // what the receiver asked for, as sent
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual DeliveryOutcome deliver(const AlertMessage& message) = 0;
};

}  // namespace khabar::alert
