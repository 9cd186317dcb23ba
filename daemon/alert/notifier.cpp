#include "alert/notifier.h"

#include <algorithm>

namespace khabar::alert {

size_t AlertMessage::report_count() const {
  size_t count = 0;
  for (const auto& story : stories) count += story.reports.size();
  return count;
}

std::vector<std::string> AlertMessage::countries() const {
  std::vector<std::string> out;
  for (const auto& story : stories) {
    for (const auto& report : story.reports) {
      if (report.country) out.push_back(*report.country);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string idempotency_key(const AlertMessage& message) {
  if (!message.one_off_key.empty()) return message.one_off_key;
  return std::string(message.kind == MessageKind::kDigest ? "khabar-digest-" : "khabar-alert-") +
         std::to_string(message.id);
}

}  // namespace khabar::alert
