// Counters the daemon keeps for Prometheus (text exposition format 0.0.4).
// Updated from the loop and the store thread: every field is atomic.
#pragma once

#include <array>
#include <atomic>
#include <mutex>
#include <string>

namespace khabar::service {

// Why a poll failed, coarsely, for khabar_feed_errors_total{kind}.
enum class FailureKind {
  kDns,
  kConnect,
  kTimeout,
  kHttp4xx,
  kHttp5xx,
  kChallenge,
  kTooLarge,
  kNotAFeed,
  kOther,
  kCount
};

const char* failure_kind_name(FailureKind kind);

struct Metrics {
  std::atomic<long long> polls{0};
  std::atomic<long long> not_modified{0};
  std::array<std::atomic<long long>, static_cast<size_t>(FailureKind::kCount)> errors{};
  std::atomic<long long> new_items{0};
  std::atomic<long long> matches{0};
  std::atomic<long long> alerts_sent{0};
  std::atomic<long long> alerts_failed{0};
  std::atomic<long long> outbox_depth{0};
  std::atomic<long long> feeds{0};           // loaded and polled
  std::atomic<long long> feeds_unloaded{0};  // enabled, but their state could not be read yet
  std::atomic<long long> failing_feeds{0};
  std::atomic<double> last_poll_seconds{0};
  std::atomic<double> poll_seconds_sum{0};

  // The exposition text for GET /metrics.
  std::string exposition() const;

  // Why feeds are not loaded (the archive's error), for /health; "" when all are.
  void set_load_error(std::string error);
  std::string load_error() const;

 private:
  mutable std::mutex load_error_mutex_;
  std::string load_error_;
};

// GET /health: 200 only while feeds are loaded and not all of them fail.
struct Health {
  int status = 200;
  std::string json;
};
Health health_of(const Metrics& metrics);

}  // namespace khabar::service
