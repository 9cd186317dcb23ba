// A notifier that records every message and answers as told: the fake for
// alert::Notifier in service tests.
#pragma once

#include <vector>

#include "alert/notifier.h"

namespace khabar::testing {

class RecordingNotifier : public alert::Notifier {
 public:
  alert::DeliveryOutcome deliver(const alert::AlertMessage& message) override {
    sent.push_back(message);
    return {next, detail, std::nullopt};
  }
  std::vector<alert::AlertMessage> sent;
  alert::Delivery next = alert::Delivery::kDelivered;
  std::string detail = "HTTP 503";  // why, when `next` is not kDelivered
};

}  // namespace khabar::testing
