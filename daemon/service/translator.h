// Translations of alerts' reports through a LibreTranslate-compatible HTTP
// API, which newsrooms host themselves: POST {url}/translate with JSON q,
// source, target, format and api_key; the answer's translatedText is used.
// Bounded: one request per report, within the configured timeout and
// requests per hour; a failure is a value, never a reason to hold an alert.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "alert/notifier.h"
#include "config/config.h"
#include "fetch/http_client.h"
#include "util/result.h"

namespace khabar::service {

class Translator {
 public:
  // `api_key` is the secret's value (may be empty).
  Translator(config::TranslateConfig config, std::string api_key, fetch::HttpClient& http);

  // The title and summary in `target`, from `source` (a BCP 47 tag; "" lets
  // the service detect it). Fails with a message an editor can read: the
  // service's status, a timeout, the hourly limit. Thread-safe.
  Result<alert::Translation> translate(const std::optional<std::string>& title,
                                       const std::optional<std::string>& summary, const std::string& source,
                                       const std::string& target);

 private:
  bool take_request_slot();

  config::TranslateConfig config_;
  std::string api_key_;
  fetch::HttpClient& http_;
  std::mutex mutex_;
  std::deque<std::chrono::steady_clock::time_point> recent_;  // requests in the last hour
};

}  // namespace khabar::service
